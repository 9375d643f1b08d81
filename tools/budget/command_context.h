// What every evt-budget command starts from: the config, the ledger and
// "now" (--at or the clock), and the flags resolved once into settings.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/output_mode.h"
#include "common/status.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/cli.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

struct Context {
  BudgetConfig config;
  Ledger ledger;
  TimePoint now;
  std::string state_dir;
};

// The flags whose values choose what a command does, resolved once so no
// use site compares option strings.
struct Settings {
  std::optional<OutputFormat> metrics;  // status -o prometheus|openmetrics: metrics text instead of records or a table
  State worst_allowed = State::kWarn;   // check --fail-on: the worst state that still exits 0
};

// The settings of `options`; Usage for a value no command takes.
Result<Settings> Resolve(const Options& options);

// The config of --config, the ledger in the state directory and now.
Result<Context> Open(const Options& options);

}  // namespace evt::budget
