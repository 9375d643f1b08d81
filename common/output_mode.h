// Records or a table, colour or not, progress or not: the decisions doc/design.md §3.7
// ties to the terminal and the environment, made in one place.
#pragma once

#include <functional>
#include <string_view>

#include "common/status.h"

#include "common/cli_common_options.h"

namespace evt {

// What the decisions look at, so tests can pretend to be on a terminal.
struct TerminalEnv {
  std::function<bool(int fd)> is_terminal;
  // Like getenv: nullptr when unset.
  std::function<const char*(const char* name)> get_env;
  // The width of the terminal on fd in columns (TIOCGWINSZ); 0 when unknown.
  std::function<int(int fd)> columns;
};

// isatty(3) and getenv(3).
const TerminalEnv& RealTerminalEnv();

bool IsTerminal(int fd);
bool IsTerminal(int fd, const TerminalEnv& env);

// Colour on `fd` only when it is a terminal, TERM is set and not "dumb", and
// NO_COLOR is unset or empty (https://no-color.org).
bool ColorEnabled(int fd);
bool ColorEnabled(int fd, const TerminalEnv& env);

// Records (JSON Lines) unless stdout is a terminal; --json always wins.
bool WantRecords(const CommonOptions& options);
bool WantRecords(const CommonOptions& options, const TerminalEnv& env);

// The width a table on `fd` may take: $COLUMNS when it is a positive number
// (a script's or a person's explicit say), else the terminal's width, else
// 100 columns (a pipe or a file).
int TerminalWidth(int fd);
int TerminalWidth(int fd, const TerminalEnv& env);

// The form of stdout of a command that has metrics (--format): resolved once
// from the flag, so no use site compares option strings.
enum class OutputFormat { kRecords, kPrometheus, kOpenMetrics };

// "records", "prometheus" or "openmetrics"; a usage error naming `flag`
// for anything else.
Result<OutputFormat> ParseOutputFormat(std::string_view text, std::string_view flag = "--format");
std::string_view OutputFormatName(OutputFormat format);

// Progress goes to stderr only when stderr is a terminal, never into a log.
bool ShowProgress();
bool ShowProgress(const TerminalEnv& env);

}  // namespace evt
