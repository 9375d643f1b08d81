#include "tools/budget/command_context.h"

#include "common/cli_vocabulary.h"
#include "common/config.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "common/time_format.h"

namespace evt::budget {
namespace {

Result<State> WorstAllowed(const std::string& fail_on) {
  if (fail_on == "over") return State::kWarn;
  if (fail_on == "warn") return State::kOk;
  return Status::Usage("--fail-on: expected over or warn, got \"" + fail_on + "\"");
}

Result<TimePoint> Now(const Options& options) {
  if (options.at.empty()) return SystemClock().Now();
  Result<TimePoint> at = ParseRfc3339(options.at);
  if (!at.ok()) return Status::Usage("--at: " + at.status().message());
  return at;
}

}  // namespace

Result<Settings> Resolve(const Options& options) {
  Settings settings;
  EVT_ASSIGN_OR_RETURN(const ChosenOutput chosen, ResolveOutput(options.common, options.format));
  settings.metrics = chosen.metrics;
  if (!options.textfile.empty() && !settings.metrics) {
    return Status::Usage("--textfile needs -o prometheus or openmetrics");
  }
  EVT_ASSIGN_OR_RETURN(settings.worst_allowed, WorstAllowed(options.fail_on));
  return settings;
}

Result<Context> Open(const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(BudgetConfig budget, ReadBudgetConfig(config));
  EVT_ASSIGN_OR_RETURN(TimePoint now, Now(options));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(Ledger ledger, Ledger::Open(state_dir));
  return Context{std::move(budget), std::move(ledger), now, state_dir};
}

}  // namespace evt::budget
