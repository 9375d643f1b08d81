#include "common/messages.h"

#include <cstdio>
#include <optional>

#include "common/journal_stream.h"

namespace evt {
namespace {

std::string& MutableProgramName() {
  static std::string name = "evt";
  return name;
}

std::string* g_capture = nullptr;
Verbosity g_verbosity = Verbosity::kNormal;
std::optional<bool> g_assumed_journal;

bool ToJournal() {
  if (g_assumed_journal) return *g_assumed_journal;
  static const bool kToJournal = StderrIsJournalStream();
  return kToJournal;
}

void AppendEscaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default:
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
  }
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

std::string_view SeverityPrefix(Severity severity) {
  if (!ToJournal()) return "";
  switch (severity) {
    case Severity::kError: return "<3>";
    case Severity::kWarning: return "<4>";
    case Severity::kInfo: return "<6>";
  }
  return "";
}

void WriteStderrLine(Severity severity, std::string_view line) {
  std::string text(SeverityPrefix(severity));
  text += line;
  if (g_capture != nullptr) {
    *g_capture += text;
    return;
  }
  // One fwrite per line, so messages from a pipeline's tools interleave by
  // whole lines rather than by fragments.
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void SetProgramName(std::string_view name) {
  std::string_view::size_type slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  if (!name.empty()) MutableProgramName() = std::string(name);
}

const std::string& ProgramName() { return MutableProgramName(); }

std::string FormatMessageLine(std::string_view message) {
  std::string line = ProgramName();
  line += ": ";
  for (char ch : message) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsControl(c)) {
      AppendEscaped(line, c);
    } else {
      line += ch;
    }
  }
  line += '\n';
  return line;
}

void PrintError(std::string_view message) {
  if (message.empty()) return;
  WriteStderrLine(Severity::kError, FormatMessageLine(message));
}

void PrintError(const Status& status) { PrintError(std::string_view(status.message())); }

void PrintWarning(std::string_view message) {
  if (message.empty() || g_verbosity == Verbosity::kQuiet) return;
  std::string text = "warning: ";
  text += message;
  WriteStderrLine(Severity::kWarning, FormatMessageLine(text));
}

void SetVerbosity(Verbosity verbosity) { g_verbosity = verbosity; }

Verbosity CurrentVerbosity() { return g_verbosity; }

void PrintInfo(std::string_view message) {
  if (message.empty() || g_verbosity != Verbosity::kVerbose) return;
  WriteStderrLine(Severity::kInfo, FormatMessageLine(message));
}

void PrintNotice(std::string_view message) {
  if (message.empty() || g_verbosity == Verbosity::kQuiet) return;
  WriteStderrLine(Severity::kInfo, FormatMessageLine(message));
}

CapturedMessages::CapturedMessages() { g_capture = &text_; }

CapturedMessages::~CapturedMessages() { g_capture = nullptr; }

AssumedJournalStream::AssumedJournalStream(bool journal) { g_assumed_journal = journal; }

AssumedJournalStream::~AssumedJournalStream() { g_assumed_journal.reset(); }

}  // namespace evt
