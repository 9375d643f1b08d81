// Tokens as text lines, or the `token` records `sign --json` writes, from stdin
// by default (doc/design.md §5.3: signed tokens are
// read from stdin, arguments are for interactive use). Memory is bounded: a
// line longer than kMaxTokenBytes is reported, not held.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/status.h"

namespace evt::token {

struct TokenLine {
  std::string text;     // without "\n" or "\r\n", surrounding blanks trimmed
  std::size_t line = 0;  // 1-based
  bool too_long = false;  // text is empty then
};

class TokenLineReader {
 public:
  // Reads `fd`, which stays the caller's.
  explicit TokenLineReader(int fd) : fd_(fd) {}

  // The next non-blank line, or nullopt at the end of input or once a stop
  // was requested (SIGINT/SIGTERM). IoErr on a read error.
  Result<std::optional<TokenLine>> Next();

  // True when Next() can return a line without reading: a caller flushes
  // its output before it may wait.
  bool HasBufferedLine() const { return buffer_.find('\n', begin_) != std::string::npos; }

 private:
  // Appends up to one read(2) to buffer_; false at end of input.
  Result<bool> Fill();
  std::optional<TokenLine> TakeLine(std::size_t end, std::size_t next);

  int fd_;
  std::string buffer_;
  std::size_t begin_ = 0;  // buffer_[0, begin_) is consumed
  std::size_t line_ = 0;
  bool eof_ = false;
  bool skipping_ = false;  // inside a line already reported as too long
};

}  // namespace evt::token
