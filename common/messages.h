// Messages to the person at the terminal: one line on stderr, reading
// "prog: message" (coreutils style, lowercase after the prefix). Data goes
// to stdout; everything here goes to stderr. When stderr is systemd's
// journal stream (common/journal_stream.h), each line starts with its
// syslog priority, so `journalctl -p warning` finds the warnings.
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

// How serious a line on stderr is.
enum class Severity {
  kError,    // <3>, sd-daemon(3)'s SD_ERR
  kWarning,  // <4>, SD_WARNING
  kInfo,     // <6>, SD_INFO
};

// "<3>", "<4>" or "<6>" when stderr is the journal's stream, else "".
// Looked at once, at the first line written.
std::string_view SeverityPrefix(Severity severity);

// Writes `line` (one whole line, its newline included) to stderr in one
// write, after SeverityPrefix(severity): for a tool's own line formats (a
// runbook's log) that must carry a priority in the journal too.
void WriteStderrLine(Severity severity, std::string_view line);

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

// Writes "prog: message" except under -q, at info priority: the one line a
// caller needs even from a run that went well (the address a server bound
// when it was told port 0), never a report of what was done.
void PrintNotice(std::string_view message);

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

// While one of these lives, SeverityPrefix answers as if stderr were (or
// were not) the journal's stream. For tests; not nestable.
class AssumedJournalStream {
 public:
  explicit AssumedJournalStream(bool journal);
  ~AssumedJournalStream();
  AssumedJournalStream(const AssumedJournalStream&) = delete;
  AssumedJournalStream& operator=(const AssumedJournalStream&) = delete;
};

}  // namespace evt
