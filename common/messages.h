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
// Writes "prog: warning: message", except under -q.
void PrintWarning(std::string_view message);

// How much a tool says on stderr besides its errors (-q / -v, the common
// options). At the default level a command that did its job says nothing,
// so a timer's runs leave no mail and no journal noise.
enum class Verbosity {
  kQuiet = -1,   // -q: errors only
  kNormal = 0,   // warnings and errors
  kVerbose = 1,  // -v: also what a successful run did (PrintInfo)
};
void SetVerbosity(Verbosity verbosity);
Verbosity CurrentVerbosity();

// Writes "prog: message" under -v only: progress and what a run did.
void PrintInfo(std::string_view message);

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
