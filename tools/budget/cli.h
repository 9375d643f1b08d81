// evt-budget's command line: one BuildCli for main and for the man page and
// completion generator, and Run, which does the chosen command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/cli.h"
#include "common/hub/sync_flags.h"
#include "common/status.h"

namespace evt::budget {

struct Options {
  CommonOptions common;
  CLI::App* ingest_command = nullptr;
  CLI::App* status_command = nullptr;
  CLI::App* check_command = nullptr;
  CLI::App* report_command = nullptr;
  CLI::App* swap_command = nullptr;
  CLI::App* governor_command = nullptr;
  CLI::App* rules_command = nullptr;
  CLI::App* usage_sync_command = nullptr;
  hub::SyncFlags sync;  // usage sync
  std::vector<std::string> ingest_inputs;
  std::vector<std::string> check_inputs;
  std::string at;          // --at TIME: evaluate as of this instant
  std::string format;      // status -o records|table|prometheus|openmetrics (or --format)
  std::string textfile;    // status --textfile PATH: the metrics text, written atomically
  std::string fail_on = "over";
  bool follow = false;     // check --watch (or --follow): decide after every input record
  bool dry_run = false;    // check: decide and show, but keep the governor's level as it was
  bool strict = false;
  bool polkit = false;     // rules --polkit: the polkit rule for the shed units instead     // ingest, check: a usage id re-used for other usage is an error
  std::int64_t per = 1000;
  std::string resource;
  std::string swap_source;       // swap: the scrape source whose battery is swapped
  std::string swap_for = "5m";   // swap --for: how long its readings are held back
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::budget
