#include "tools/runbook/run_context.h"

namespace evt::runbook {
namespace {

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kDryRun: return "dry run";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

Severity SeverityOf(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
    case LogLevel::kDryRun: return Severity::kInfo;
    case LogLevel::kWarning: return Severity::kWarning;
    case LogLevel::kError: return Severity::kError;
  }
  return Severity::kInfo;
}

}  // namespace

LogLevel QuietestLogLevel(Verbosity verbosity, bool log_is_terminal) {
  switch (verbosity) {
    case Verbosity::kQuiet: return LogLevel::kError;
    case Verbosity::kVerbose: return LogLevel::kInfo;
    case Verbosity::kNormal: return log_is_terminal ? LogLevel::kInfo : LogLevel::kDryRun;
  }
  return LogLevel::kInfo;
}

void RunContext::Log(LogLevel level, std::string_view text) {
  if (level < environment.quietest_log_level) return;
  std::string line = std::string(SeverityPrefix(SeverityOf(level))) + ProgramName() + ": " + runbook + ": " +
                     std::string(LevelName(level)) + ": " + redactor.Apply(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  auto write = [&] {
    std::fprintf(environment.log, "%s\n", line.c_str());
    std::fflush(environment.log);
  };
  if (sink != nullptr) {
    sink->Aside(write);
  } else {
    write();
  }
}

TimePoint RunContext::Now() const { return environment.clock->Now(); }

}  // namespace evt::runbook
