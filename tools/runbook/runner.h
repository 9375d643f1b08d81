// One run of a runbook, start to finish: the sandbox, the header, the
// parameters, the lock, the audit trail, the body, the outcome.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/duration.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/header.h"
#include "tools/runbook/run_context.h"
#include "tools/runbook/runbook_file.h"
#include "tools/runbook/settings.h"
#include "tools/runbook/step_sink.h"

namespace evt::runbook {

struct RunOptions {
  std::string target;             // FILE or NAME
  std::vector<std::string> vars;  // "name=value"
  bool dry_run = false;
  bool yes = false;
  std::optional<Duration> timeout;  // none: the config's runbook.timeout
};

struct RunInputs {
  RunbookFile file;
  RunOptions options;
  Settings settings;
  const Config* config = nullptr;  // none: there is no config file
  std::vector<std::string> lib_dirs;
  std::string state_dir;  // where the lock lives; empty: no lock (tests)
};

// The real user, host, terminal and prompt, and the log lines -q, -v and a
// terminal on stderr let through (QuietestLogLevel).
RunEnvironment SystemRunEnvironment();

// Runs the runbook. Returns OK when it succeeded (or a dry run found
// nothing to change); CheckFailed (1) naming the failure when a step
// failed, the body raised an error or a limit ended it; DryRunPending (3)
// when a dry run skipped mutating calls; Usage (2) for bad --var;
// DataErr (65) for a runbook that does not compile or has a bad header;
// TempFail (75) when its lock is held; the audit log's error when it
// cannot be written. Every message is redacted.
Status RunRunbook(const RunInputs& inputs, AuditLog& audit, StepSink& sink, const RunEnvironment& environment);

// Compiles the runbook and reads its header without running its body (the
// chunk's top level runs, in the sandbox, under `limits` and `timeout`).
Result<RunbookHeader> LoadHeader(const RunbookFile& file, const std::vector<std::string>& lib_dirs,
                                 const SandboxLimits& limits = {}, Duration timeout = Duration(5000));

// The `runbook` record for a run the audit log holds; with `calls`, each
// step lists its tool calls and confirmations (history does this).
Value RunRecord(const RunSummary& run, const std::vector<CallEntry>* calls = nullptr);

}  // namespace evt::runbook
