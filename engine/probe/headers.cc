#include "engine/probe/headers.h"

#include <cctype>

namespace evt::probe {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) quoted = !quoted;
    if (s[i] == separator && !quoted) {
      parts.push_back(TrimSpaces(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(TrimSpaces(s.substr(start)));
  return parts;
}

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::optional<std::string> JoinedHeader(const Headers& headers, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [key, value] : headers) {
    if (key != name) continue;
    if (joined) {
      *joined += ", ";
      *joined += value;
    } else {
      joined = value;
    }
  }
  return joined;
}

bool KeptAcrossOrigins(std::string_view header_line, const std::vector<std::string>& secret_names) {
  static constexpr std::string_view kHarmless[] = {"accept",        "accept-encoding", "accept-language",
                                                   "cache-control", "content-type",    "pragma",
                                                   "user-agent"};
  std::string name = ToLower(TrimSpaces(header_line.substr(0, header_line.find_first_of(":;"))));
  for (const std::string& secret : secret_names)
    if (name == secret) return false;
  for (std::string_view harmless : kHarmless)
    if (name == harmless) return true;
  return false;
}

void AddHeaderLine(std::string_view line, Headers& headers) {
  if (line.starts_with("HTTP/")) {
    headers.clear();
    return;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;  // the blank line ending the block
  std::string_view name = TrimSpaces(line.substr(0, colon));
  if (name.empty()) return;
  headers.emplace_back(ToLower(name), std::string(TrimSpaces(line.substr(colon + 1))));
}

}  // namespace evt::probe
