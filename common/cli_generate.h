// The hook the docs script uses: `evt-NAME --evt-generate man FILE.roff`,
// `… bash`, `… zsh`, `… fish` prints the man page (merged with the
// hand-written FILE.roff) or a completion script made from the tool's own
// CLI11 app (common/cli_docs.h); `… access` prints which subcommands only
// read (common/command_access.h), for the build's command-access table;
// `… json` the whole parser as JSON (common/cli_description.h), for the
// vocabulary test. It is not a CLI11 option, so it shows in no --help, man
// page or completion.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"

namespace evt {

// True when argv[1] is "--evt-generate".
bool IsGenerateRequest(int argc, const char* const* argv);

// The text to print for argv[2..]: Usage (2) for anything but "man FILE",
// "bash", "zsh", "fish", "access" or "json"; NoInput (66) when FILE cannot be read; DataErr
// (65) when FILE is not a usable hand-written part.
// REQUIRES: IsGenerateRequest(argc, argv).
Result<std::string> Generate(const CLI::App& app, int argc, const char* const* argv);

}  // namespace evt
