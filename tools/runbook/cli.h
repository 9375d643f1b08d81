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
  bool history_decisions = false;  // --decisions: the dispatcher's, with why
  bool history_pending = false;    // --pending: approvals waiting
  std::string serve_listen;
  std::string serve_records;
  std::string decision_id;  // approve / deny

  CLI::App* run_command = nullptr;
  CLI::App* list_command = nullptr;
  CLI::App* show_command = nullptr;
  CLI::App* check_command = nullptr;
  CLI::App* history_command = nullptr;
  CLI::App* status_command = nullptr;
  CLI::App* serve_command = nullptr;
  CLI::App* approve_command = nullptr;
  CLI::App* deny_command = nullptr;
};

void BuildCli(CLI::App& app, Options& options);

// Does what the parsed command line chose.
Status Run(Options& options);

}  // namespace evt::runbook
