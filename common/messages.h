// Messages to the person at the terminal: one line on stderr, reading
// "prog: message" (coreutils style, lowercase after the prefix). Data goes
// to stdout; everything here goes to stderr.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

// The "prog" of "prog: message". Keeps only the last path component, so
// argv[0] may be passed as is. Before any call, the name is "evt".
void SetProgramName(std::string_view name);
const std::string& ProgramName();

// "prog: message\n", on one line: a newline or other control character in
// the message is shown escaped ("\n", "\x01") so a message never spans lines.
std::string FormatMessageLine(std::string_view message);

// Writes "prog: message". An empty message prints nothing: a check that
// failed may already have printed its finding and only wants the exit code.
void PrintError(std::string_view message);
void PrintError(const Status& status);
// Writes "prog: warning: message".
void PrintWarning(std::string_view message);

// While one of these lives, messages are appended to text() instead of
// being written to stderr. For tests; not thread-safe, not nestable.
class CapturedMessages {
 public:
  CapturedMessages();
  ~CapturedMessages();
  CapturedMessages(const CapturedMessages&) = delete;
  CapturedMessages& operator=(const CapturedMessages&) = delete;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace evt
