#include "common/messages.h"

#include <cstdio>

namespace evt {
namespace {

std::string& MutableProgramName() {
  static std::string name = "evt";
  return name;
}

std::string* g_capture = nullptr;
Verbosity g_verbosity = Verbosity::kNormal;

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

void Emit(const std::string& line) {
  if (g_capture != nullptr) {
    *g_capture += line;
    return;
  }
  // One fwrite per line, so messages from a pipeline's tools interleave by
  // whole lines rather than by fragments.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

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
  Emit(FormatMessageLine(message));
}

void PrintError(const Status& status) { PrintError(std::string_view(status.message())); }

void PrintWarning(std::string_view message) {
  if (message.empty() || g_verbosity == Verbosity::kQuiet) return;
  std::string text = "warning: ";
  text += message;
  Emit(FormatMessageLine(text));
}

void SetVerbosity(Verbosity verbosity) { g_verbosity = verbosity; }

Verbosity CurrentVerbosity() { return g_verbosity; }

void PrintInfo(std::string_view message) {
  if (message.empty() || g_verbosity != Verbosity::kVerbose) return;
  Emit(FormatMessageLine(message));
}

CapturedMessages::CapturedMessages() { g_capture = &text_; }

CapturedMessages::~CapturedMessages() { g_capture = nullptr; }

}  // namespace evt
