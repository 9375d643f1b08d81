// A POSIX extended regular expression, matched like grep -E (^ and $ at
// line ends, . not matching a newline), for --expect-body and
// --expect-header. glibc's matcher does not recurse per character, so a
// large body cannot exhaust the stack the way std::regex can.
#pragma once

#include <regex.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::probe {

class Pattern {
 public:
  // Usage error naming the pattern and what regcomp(3) disliked.
  static Result<Pattern> Compile(std::string_view text);
  // The same, keeping what parenthesized groups match, for Group().
  static Result<Pattern> CompileWithGroups(std::string_view text);

  // What group `group` (1 for the first "(") matched at the first match in
  // `subject`; nullopt when nothing matched or the group took no part.
  // REQUIRES: compiled with CompileWithGroups, 1 <= group <= groups().
  std::optional<std::string> Group(const std::string& subject, std::size_t group) const;
  // How many parenthesized groups the pattern has.
  std::size_t groups() const;

  // Whether the pattern matches anywhere in `subject` (up to its first NUL).
  bool Search(const std::string& subject) const;
  const std::string& text() const { return text_; }

 private:
  static Result<Pattern> Compile(std::string_view text, int extra_flags);
  struct Compiled;
  std::string text_;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace evt::probe
