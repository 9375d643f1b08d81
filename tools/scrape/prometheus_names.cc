#include "tools/scrape/prometheus_names.h"

#include "common/utf8.h"

namespace evt::scrape {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the UTF-8 sequence at the start of `s`, or 1 for a byte
// that does not start a valid one: a character becomes one '_'.
std::size_t SequenceLength(std::string_view s) {
  std::size_t pos = 0;
  char32_t cp = 0;
  DecodeUtf8(s, &pos, &cp);
  return pos;
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

}  // namespace evt::scrape
