// evt-outbox's command line: one BuildCli for main and the docs generator.
// Each subcommand lives in its own <verb>_command.cc, whose Add<Verb>Command
// adds it to the app with its own flags and sets Options::run when it is
// chosen, so a new command is one file and one line in BuildCli.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "common/cli.h"
#include "common/status.h"

namespace evt::outbox {

struct Options {
  CommonOptions common;
  // What the chosen subcommand does; empty when `config check` or a state
  // command was chosen (RunMain runs those itself).
  std::function<Status()> run;
};

// REQUIRES: app is named "evt-outbox"; options outlives parsing.
void BuildCli(CLI::App& app, Options& options);

// Runs the chosen subcommand. REQUIRES: the command line was parsed.
Status Run(const Options& options);

}  // namespace evt::outbox
