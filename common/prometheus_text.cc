#include "common/prometheus_text.h"

namespace evt {

std::string EscapeLabelValue(std::string_view value) { return EscapeHelpText(value, true); }

std::string EscapeHelpText(std::string_view text, bool escape_quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && escape_quotes) out += "\\\"";
    else out.push_back(c);
  }
  return out;
}

}  // namespace evt
