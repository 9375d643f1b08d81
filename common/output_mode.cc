#include "common/output_mode.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace evt {

const TerminalEnv& RealTerminalEnv() {
  static const TerminalEnv kEnv{
      [](int fd) { return isatty(fd) == 1; },
      [](const char* name) -> const char* { return std::getenv(name); },
      [](int fd) {
        winsize size{};
        return ioctl(fd, TIOCGWINSZ, &size) == 0 ? static_cast<int>(size.ws_col) : 0;
      },
  };
  return kEnv;
}

bool IsTerminal(int fd) { return IsTerminal(fd, RealTerminalEnv()); }

bool IsTerminal(int fd, const TerminalEnv& env) { return env.is_terminal(fd); }

bool ColorEnabled(int fd) { return ColorEnabled(fd, RealTerminalEnv()); }

bool ColorEnabled(int fd, const TerminalEnv& env) {
  if (!env.is_terminal(fd)) return false;
  const char* term = env.get_env("TERM");
  if (term == nullptr || *term == '\0' || std::string_view(term) == "dumb") return false;
  const char* no_color = env.get_env("NO_COLOR");
  return no_color == nullptr || *no_color == '\0';
}

bool WantRecords(const CommonOptions& options) { return WantRecords(options, RealTerminalEnv()); }

bool WantRecords(const CommonOptions& options, const TerminalEnv& env) {
  return options.json || !env.is_terminal(STDOUT_FILENO);
}

int TerminalWidth(int fd) { return TerminalWidth(fd, RealTerminalEnv()); }

int TerminalWidth(int fd, const TerminalEnv& env) {
  constexpr int kDefaultWidth = 100;
  const char* columns = env.get_env("COLUMNS");
  const int from_env = columns ? std::atoi(columns) : 0;
  if (from_env > 0) return from_env;
  const int from_terminal = env.is_terminal(fd) ? env.columns(fd) : 0;
  return from_terminal > 0 ? from_terminal : kDefaultWidth;
}

Result<OutputFormat> ParseOutputFormat(std::string_view text, std::string_view flag) {
  for (OutputFormat f : {OutputFormat::kRecords, OutputFormat::kPrometheus, OutputFormat::kOpenMetrics}) {
    if (text == OutputFormatName(f)) return f;
  }
  return Status::Usage(std::string(flag) + ": expected records, prometheus or openmetrics, got \"" + std::string(text) +
                       "\"");
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kRecords: return "records";
    case OutputFormat::kPrometheus: return "prometheus";
    case OutputFormat::kOpenMetrics: return "openmetrics";
  }
  return "records";
}

bool ShowProgress() { return ShowProgress(RealTerminalEnv()); }

bool ShowProgress(const TerminalEnv& env) { return env.is_terminal(STDERR_FILENO); }

}  // namespace evt
