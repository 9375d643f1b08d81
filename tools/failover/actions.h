// Carrying out a hook: its actions one at a time, in order, each with its
// timeout and retries, stopping at the first that still fails. Callers run
// one hook at a time, so two actions never race.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/child_process.h"
#include "tools/failover/orphan_reaper.h"
#include "tools/failover/spec.h"

namespace evt::failover {

// What an action learns about the event, as environment variables
// (EVT_FAILOVER_PATH, _HOOK, _OLD_STATE, _NEW_STATE, _OLD_PATH, _NEW_PATH,
// _REASON, and EVT_FAILOVER_VAR_<NAME> for each of the path's vars, NAME
// in capitals) and as template variables (path, hook, old_state,
// new_state, old_path, new_path, reason, the vars by their own names, and
// dns.NAME for each name of probe.dns_map: its active addresses).
struct ActionContext {
  std::string hook;  // "on_up", "on_down", "on_activate", "on_deactivate"
  const PathSpec* path = nullptr;
  std::string old_state, new_state;  // "up"/"down", "active"/"inactive"
  std::string old_path, new_path;    // the active path before and after
  std::string reason;
  // Told the process group of each program while it runs; may be null.
  const OrphanReaper* reaper = nullptr;
};

struct ActionReport {
  std::string hook;
  std::string path;
  std::string action;  // the program, or "write FILE"
  bool ok = false;
  int attempts = 0;
  double duration_ms = 0;
  std::string error;
};

// Runs `actions` for `context`, appending a report per action tried.
// Returns true when every action succeeded.
using HookRunner =
    std::function<bool(const std::vector<ActionSpec>& actions, const ActionContext& context,
                       std::vector<ActionReport>* reports)>;

// The real one: programs and files.
bool RunHook(const std::vector<ActionSpec>& actions, const ActionContext& context,
             std::vector<ActionReport>* reports);

// How an action's program ended, in words: OK when it exited 0, else
// CheckFailed "exit status 3", "killed by signal 9" or "timed out after
// 10s" (`timeout`); a program that could not be started or whose exit
// status was lost keeps RunChild's error.
Status ProgramOutcome(const Result<ChildResult>& ran, Duration timeout);

// Set in every action's environment; decide, watch, force and release
// refuse to run under it, so an action cannot call back into the decision
// it is part of.
inline constexpr const char* kInActionVariable = "EVT_FAILOVER_IN_ACTION";

}  // namespace evt::failover
