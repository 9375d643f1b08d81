// The life of an evt tool's process around its work: signals, the command
// line, exit codes, messages and the final check of stdout. Every tool's
// main() is
//   CLI::App app{"what it does", "evt-NAME"};
//   Options options;
//   BuildCli(app, options);
//   return evt::RunMain(app, argc, argv, [&] { return Run(options); });
#pragma once

#include <functional>
#include <ostream>

#include <CLI/CLI.hpp>

#include "common/status.h"

namespace evt {

// In order:
// 1. names the program after app.get_name() (messages read "evt-NAME: …"),
//    installs the signal handlers (common/signals.h), and lets every
//    subcommand take the common options (LetSubcommandsFallThrough);
// 2. `evt-NAME --evt-generate man FILE.roff|bash|zsh|fish|access|examples`
//    prints the man page, a completion script (common/cli_docs.h) or the
//    checked examples (common/help_examples.h) and returns; this hook
//    for the docs script is not an option and is not in --help; nor is
//    `evt-NAME __complete WORD...`, which prints completion candidates for
//    the shell scripts (common/cli_complete.h) and returns 0;
// 3. parses the command line: --help (common/cli_help_formatter.h, installed
//    here on every subcommand) and --version print to stdout and return 0;
//    any other parse error prints "prog: message" (with "did you mean ...?"
//    for a mistyped subcommand or long option) and a hint to stderr and
//    returns 2 (never CLI11's own 100-127);
// 4. runs `config check` if it was chosen (common/config_check_command.h),
//    else `run`; an exception escaping it is "internal error: …", 70;
// 5. maps the outcome: the reader of stdout went away -> 0, quietly;
//    otherwise a failed Status prints "prog: message" (unless the message
//    is empty) and returns status.code(); after SIGINT/SIGTERM the code is
//    130/143 whatever run() returned; else 0;
// 6. flushes and closes stdout: if a write failed (a full disk) and the
//    exit code was 0, prints "prog: write error: …" and returns 74.
// Returns the exit code for main() to return.
// REQUIRES: app is fully built (BuildCli done); called once per process.
int RunMain(CLI::App& app, int argc, char** argv, std::function<Status()> run);

// Steps 1 to 5 without what belongs to the whole process: no signal
// handlers, stdout left open, help/version/generator output written to
// `out`. Messages still go through common/messages.h. For tests.
int RunMainInProcess(CLI::App& app, int argc, const char* const* argv,
                     const std::function<Status()>& run, std::ostream& out);

}  // namespace evt
