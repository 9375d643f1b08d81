// evt-runbook's command line: run, list, show, check, history, and the
// common options and `config check` every tool has.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "common/cli.h"
#include "common/status.h"
#include "tools/runbook/runner.h"

namespace evt::runbook {

struct Options {
  CommonOptions common;
  RunOptions run;
  std::string timeout;  // --timeout as written
  std::string show_target;
  std::string check_target;
  std::int64_t history_limit = 20;
  std::string history_runbook;

  CLI::App* run_command = nullptr;
  CLI::App* list_command = nullptr;
  CLI::App* show_command = nullptr;
  CLI::App* check_command = nullptr;
  CLI::App* history_command = nullptr;
};

void BuildCli(CLI::App& app, Options& options);

// Does what the parsed command line chose.
Status Run(Options& options);

}  // namespace evt::runbook
