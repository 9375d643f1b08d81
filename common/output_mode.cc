#include "common/output_mode.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace evt {

const TerminalEnv& RealTerminalEnv() {
  static const TerminalEnv kEnv{
      [](int fd) { return isatty(fd) == 1; },
      [](const char* name) -> const char* { return std::getenv(name); },
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

bool ShowProgress() { return ShowProgress(RealTerminalEnv()); }

bool ShowProgress(const TerminalEnv& env) { return env.is_terminal(STDERR_FILENO); }

}  // namespace evt
