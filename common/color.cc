#include "common/color.h"

namespace evt {
namespace {

constexpr std::string_view kReset = "\x1b[0m";

std::string_view SgrFor(Style style) {
  switch (style) {
    case Style::kPlain: return "";
    case Style::kOk: return "\x1b[32m";
    case Style::kWarn: return "\x1b[33m";
    case Style::kBad: return "\x1b[31m";
    case Style::kDim: return "\x1b[2m";
    case Style::kHeader: return "\x1b[1m";
  }
  return "";
}

bool IsSgrParameter(char c) { return (c >= '0' && c <= '9') || c == ';'; }

// The length of the SGR sequence at `pos`, or 0 when there is none.
std::size_t SgrLengthAt(std::string_view text, std::size_t pos) {
  if (text.substr(pos, 2) != "\x1b[") return 0;
  std::size_t end = pos + 2;
  while (end < text.size() && IsSgrParameter(text[end])) ++end;
  return end < text.size() && text[end] == 'm' ? end + 1 - pos : 0;
}

}  // namespace

std::string Styled(std::string_view text, Style style, bool color) {
  const std::string_view sgr = SgrFor(style);
  if (!color || sgr.empty()) return std::string(text);
  std::string out;
  out.reserve(sgr.size() + text.size() + kReset.size());
  out.append(sgr).append(text).append(kReset);
  return out;
}

std::string StripStyles(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t sgr = SgrLengthAt(text, pos);
    if (sgr > 0) {
      pos += sgr;
    } else {
      out.push_back(text[pos++]);
    }
  }
  return out;
}

}  // namespace evt
