#include "common/quoted.h"

#include "common/utf8.h"

namespace evt {
namespace {

constexpr std::size_t kMaxBytes = 64;

}  // namespace

std::string QuotedForMessage(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = text.size() > kMaxBytes;
  text = text.substr(0, Utf8CutPoint(text, kMaxBytes));
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

}  // namespace evt
