#include "tools/scrape/prometheus_names.h"

#include "tools/scrape/exposition_checks.h"

namespace evt::scrape {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the UTF-8 sequence at the start of `s`, or 1 for a byte
// that does not start a valid one.
std::size_t SequenceLength(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (n == 1 || n > s.size() || !ValidUtf8(s.substr(0, n))) return 1;
  return n;
}

std::string Sanitized(std::string_view name, bool colon) {
  std::string out;
  if (name.empty() || IsDigit(name.front())) out.push_back('_');
  while (!name.empty()) {
    char c = name.front();
    bool keep = IsLetter(c) || IsDigit(c) || (colon && c == ':');
    out.push_back(keep ? c : '_');
    name.remove_prefix(keep ? 1 : SequenceLength(name));
  }
  return out;
}

bool IsName(std::string_view name, bool colon) {
  if (name.empty() || IsDigit(name.front())) return false;
  for (char c : name) {
    if (!IsLetter(c) && !IsDigit(c) && !(colon && c == ':')) return false;
  }
  return true;
}

}  // namespace

bool IsMetricName(std::string_view name) { return IsName(name, true); }
bool IsLabelName(std::string_view name) { return IsName(name, false); }
std::string SanitizedMetricName(std::string_view name) { return IsMetricName(name) ? std::string(name) : Sanitized(name, true); }
std::string SanitizedLabelName(std::string_view name) { return IsLabelName(name) ? std::string(name) : Sanitized(name, false); }

std::string ValidUtf8Text(std::string_view text) {
  if (ValidUtf8(text)) return std::string(text);
  std::string out;
  while (!text.empty()) {
    std::size_t n = SequenceLength(text);
    if (n == 1 && static_cast<unsigned char>(text.front()) >= 0x80) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(0, n));
    }
    text.remove_prefix(n);
  }
  return out;
}

}  // namespace evt::scrape
