// evt-outbox's subcommands, one Add<Verb>Command per file
// (tools/outbox/<verb>_command.cc). Each adds its subcommand to `app` with
// its own flags and, when the subcommand is chosen, sets options.run to
// what it does. REQUIRES: `options` outlives parsing and running.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/outbox/cli.h"

namespace evt::outbox {

void AddPutCommand(CLI::App& app, Options& options);
void AddStatusCommand(CLI::App& app, Options& options);
void AddListCommand(CLI::App& app, Options& options);
void AddRetryCommand(CLI::App& app, Options& options);
void AddDropCommand(CLI::App& app, Options& options);
void AddExportCommand(CLI::App& app, Options& options);
void AddMergeCommand(CLI::App& app, Options& options);
// Defined by their own files (run_command.cc, serve_command.cc,
// sync_command.cc) once they exist; BuildCli calls only the defined ones.
void AddRunCommand(CLI::App& app, Options& options);
void AddServeCommand(CLI::App& app, Options& options);
void AddSyncCommand(CLI::App& app, Options& options);

}  // namespace evt::outbox
