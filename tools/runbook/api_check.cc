#include "tools/runbook/api_check.h"

#include <algorithm>
#include <cctype>

#include "tools/runbook/evt_api.h"
#include "tools/runbook/runner.h"

namespace evt::runbook {
namespace {

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The level of a long bracket at `at` ("[[" is 0, "[==[" is 2), or -1.
int LongBracketLevel(const std::string& s, std::size_t at) {
  if (at >= s.size() || s[at] != '[') return -1;
  std::size_t i = at + 1;
  int level = 0;
  while (i < s.size() && s[i] == '=') {
    ++level;
    ++i;
  }
  return i < s.size() && s[i] == '[' ? level : -1;
}

// The source with comments and string contents blanked (newlines kept, so
// lines still count).
std::string CodeOnly(const std::string& s) {
  std::string out = s;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < out.size(); ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
  };
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "--") == 0) {
      int level = LongBracketLevel(s, i + 2);
      std::size_t end;
      if (level >= 0) {
        end = s.find("]" + std::string(static_cast<std::size_t>(level), '=') + "]", i);
        end = end == std::string::npos ? s.size() : end + static_cast<std::size_t>(level) + 2;
      } else {
        end = s.find('\n', i);
        if (end == std::string::npos) end = s.size();
      }
      blank(i, end);
      i = end;
    } else if (int level = LongBracketLevel(s, i); level >= 0) {
      std::size_t end = s.find("]" + std::string(static_cast<std::size_t>(level), '=') + "]", i);
      end = end == std::string::npos ? s.size() : end + static_cast<std::size_t>(level) + 2;
      blank(i, end);
      i = end;
    } else if (s[i] == '"' || s[i] == '\'') {
      char quote = s[i];
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != quote && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      blank(i, std::min(j + 1, s.size()));
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

std::string IdentAt(const std::string& s, std::size_t at) {
  std::size_t end = at;
  while (end < s.size() && IsIdentChar(s[end])) ++end;
  return s.substr(at, end - at);
}

}  // namespace

std::vector<std::string> UnknownEvtCalls(const RunbookFile& file) {
  const std::vector<std::string>& known = EvtApiNames();
  std::string code = CodeOnly(file.source);
  std::vector<std::string> problems;
  std::size_t at = 0;
  while ((at = code.find("evt", at)) != std::string::npos) {
    bool starts_word = at == 0 || (!IsIdentChar(code[at - 1]) && code[at - 1] != '.' && code[at - 1] != ':');
    std::size_t after = at + 3;
    if (!starts_word || after >= code.size() || code[after] != '.' || (after + 1 < code.size() && code[after + 1] == '.')) {
      at = after;
      continue;
    }
    std::string name = IdentAt(code, after + 1);
    std::size_t next = after + 1 + name.size();
    if ((name == "log" || name == "json") && next < code.size() && code[next] == '.') {
      name += "." + IdentAt(code, next + 1);
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::size_t line = 1 + static_cast<std::size_t>(std::count(code.begin(), code.begin() + static_cast<long>(at), '\n'));
      problems.push_back(file.path + ":" + std::to_string(line) + ": unknown evt call evt." + name);
    }
    at = next;
  }
  return problems;
}

std::vector<std::string> CheckRunbook(const RunbookFile& file, const std::vector<std::string>& lib_dirs) {
  std::vector<std::string> problems;
  Result<RunbookHeader> header = LoadHeader(file, lib_dirs);
  if (!header.ok()) problems.push_back(header.status().message());
  for (std::string& p : UnknownEvtCalls(file)) problems.push_back(std::move(p));
  return problems;
}

}  // namespace evt::runbook
