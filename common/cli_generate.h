// The hook the docs script uses: `evt-NAME --evt-generate man FILE.roff`,
// `… bash`, `… zsh`, `… fish` prints the man page (merged with the
// hand-written FILE.roff) or a completion script made from the tool's own
// CLI11 app (common/cli_docs.h); `… access` prints which subcommands only
// read (common/command_access.h), for the build's command-access table;
// `… examples` parses every help example (common/help_examples.h) and lists
// them; `… json` the whole parser as JSON (common/cli_description.h), for
// the vocabulary test. None is a CLI11 option, so none shows in --help, a
// man page or a completion.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"

namespace evt {

// True when argv[1] is "--evt-generate".
bool IsGenerateRequest(int argc, const char* const* argv);

// The text to print for argv[2..]: Usage (2) for anything but "man FILE",
// "bash", "zsh", "fish", "access", "examples" or "json"; NoInput (66) when FILE
// cannot be read; DataErr (65) when FILE is not a usable hand-written part;
// CheckFailed (1) naming the examples that do not parse. "examples" parses
// with `app`, which is why it is not const.
// REQUIRES: IsGenerateRequest(argc, argv).
Result<std::string> Generate(CLI::App& app, int argc, const char* const* argv);

}  // namespace evt
