// A POSIX extended regular expression, matched like grep -E (^ and $ at
// line ends, . not matching a newline), for --expect-body and
// --expect-header. glibc's matcher does not recurse per character, so a
// large body cannot exhaust the stack the way std::regex can.
#pragma once

#include <regex.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::probe {

class Pattern {
 public:
  // Usage error naming the pattern and what regcomp(3) disliked.
  static Result<Pattern> Compile(std::string_view text);

  // Whether the pattern matches anywhere in `subject` (up to its first NUL).
  bool Search(const std::string& subject) const;
  const std::string& text() const { return text_; }

 private:
  struct Compiled;
  std::string text_;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace evt::probe
