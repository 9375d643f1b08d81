// What the `evt` table's functions share during one run (or while a
// header is read): the options, the config, the secrets to redact, the
// audit log, the output, and the run's progress.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/state_dir.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/call_access.h"
#include "tools/runbook/redactor.h"
#include "tools/runbook/sandbox.h"
#include "tools/runbook/settings.h"
#include "tools/runbook/step_rules.h"
#include "tools/runbook/step_sink.h"

namespace evt::runbook {

// What a runbook's log line is, in order of importance.
enum class LogLevel {
  kInfo,     // evt.log.info, print: what the run did
  kDryRun,   // what a dry run would do: the product of a dry run
  kWarning,  // evt.log.warn and the runner's own warnings
  kError,    // evt.log.error
};

// The least important level written at `verbosity`: everything under -v;
// errors only under -q; at the default level info lines only when the log
// is a terminal. A person who runs a runbook by hand reads its account of
// what it did as it goes; a timer's run that did its job must leave
// nothing in the mail or the journal (the audit log and the `runbook`
// record keep the account, `evt-runbook history` shows it).
LogLevel QuietestLogLevel(Verbosity verbosity, bool log_is_terminal);

// The world outside the runbook, injectable for tests.
struct RunEnvironment {
  EnvLookup env = SystemEnv;
  std::string self_dir;  // where evt tools are looked for first
  // The command-access table a dry run consults; empty: the one the build
  // or `make install` put beside self_dir (DefaultCommandTablePath).
  std::string command_table;
  std::string user;
  std::string host;
  // Whether a person can answer evt.confirm (stdin is a terminal).
  bool interactive = false;
  // Asks on the terminal; returns the answer line, or none on end of input.
  std::function<std::optional<std::string>(const std::string& question)> ask;
  std::FILE* log = stderr;  // evt.log and print
  // Lines of a lower level are not written (QuietestLogLevel).
  LogLevel quietest_log_level = LogLevel::kInfo;
  // Wall time for records and the audit log, and the durations they
  // report. Deadlines and limits stay on the real steady clock: a test
  // that holds this clock still must not hold a runaway run with it.
  const Clock* clock = &MachineClock();
};

enum class Phase {
  kHeader,  // the chunk's top level: only pure calls
  kRun,     // inside run()
};

struct RunContext {
  // Fixed for the run.
  std::string run_id;
  std::string runbook;
  bool dry_run = false;
  bool yes = false;
  std::map<std::string, std::string> vars;         // --var and defaults
  std::vector<std::string> declared_params;        // for messages
  const Config* config = nullptr;                  // none: no config file
  Settings settings;
  RunEnvironment environment;
  AuditLog* audit = nullptr;                       // none: header only
  StepSink* sink = nullptr;
  Sandbox* sandbox = nullptr;
  Phase phase = Phase::kHeader;
  Redactor redactor;
  // Loaded at a dry run's first evt.tool; empty when it cannot be read,
  // so that every call counts as mutating.
  std::optional<CommandTable> commands;

  // Progress.
  StepProgress progress;  // open steps, the first failure, changes pending
  std::int64_t next_call_seq = 1;
  Value steps = Value::array();  // summaries for the `runbook` record
  Status fatal;                  // an audit write failed: the run must stop
  std::string raised;            // the error an evt function is raising

  // A log line "evt-runbook: RUNBOOK: LEVEL: text", redacted, after the
  // level's syslog priority when stderr is the journal's stream; nothing
  // when the level is below environment.quietest_log_level.
  void Log(LogLevel level, std::string_view text);
  // The run's wall clock (RunEnvironment::clock).
  TimePoint Now() const;
};

}  // namespace evt::runbook
