#include "common/quoted.h"

namespace evt {

std::string QuotedForMessage(std::string_view text) {
  constexpr size_t kMax = 64;
  std::string out = "\"";
  for (char c : text.substr(0, kMax)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += text.size() > kMax ? "...\"" : "\"";
  return out;
}

}  // namespace evt
