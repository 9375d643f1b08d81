#include "tools/token/quoted.h"

#include <charconv>

namespace evt::token {

std::string Quoted(std::string_view text) {
  constexpr std::size_t kMaxBytes = 64;
  static constexpr char kHex[] = "0123456789abcdef";
  bool cut = text.size() > kMaxBytes;
  if (cut) {
    // Cut before a character, not inside one: the detail stays valid UTF-8.
    std::size_t n = kMaxBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xc0) == 0x80) --n;
    text = text.substr(0, n);
  }
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

std::string Seconds(double seconds) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, seconds);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

}  // namespace evt::token
