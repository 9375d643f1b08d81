// What `evt-runbook status` reports: the last runs (runbook, outcome, when,
// how long), how many runs failed in the last 24 hours, the decisions
// waiting for a person's approval, and whether `evt-runbook serve` is alive
// by its heartbeat: what the on-call needs from runbook on `evt status`'s
// screen (doc/design.md §17).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/heartbeat.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/dispatch_store.h"

namespace evt::runbook {

inline constexpr std::size_t kLastRuns = 5;
inline constexpr Duration kFailedWindow = std::chrono::hours(24);

struct RunLine {
  std::string run_id;
  std::string runbook;
  std::string outcome;  // "running" until it ends (or forever, when it was killed)
  bool dry_run = false;
  TimePoint started_at{};
  std::optional<std::int64_t> took_ms;  // when it ended
};

struct PendingDecision {
  std::string decision_id;
  std::string rule;
  std::string runbook;
  TimePoint asked_at{};
  TimePoint expires_at{};
};

enum class ServeState { kAlive, kStale, kNone };

struct RunbookStatus {
  std::vector<RunLine> last_runs;  // newest first, at most kLastRuns
  RunCounts last_day;              // runs started in the last kFailedWindow
  std::vector<PendingDecision> pending;  // oldest first
  ServeState serve = ServeState::kNone;
  std::optional<TimePoint> serve_beat_at;
};

RunLine RunLineOf(const RunSummary& run);
// The approval with its decision's rule and runbook (empty when the decision is gone).
PendingDecision PendingOf(const ApprovalRow& approval, const std::optional<DecisionRow>& decision);

// Whether `serve` is alive, by the newest of its beats among `beats`.
void NoteServe(RunbookStatus& status, const std::vector<Beat>& beats, TimePoint now, std::string_view this_host);

std::string_view ServeStateName(ServeState state);

// The runbook.status record (schemas/records/runbook.status.json) as of `now`.
Value RunbookStatusRecord(const RunbookStatus& status, TimePoint now);

// The same for a person: the counts and serve in a line, then a row per run, fitted to `width`.
std::string RunbookStatusText(const RunbookStatus& status, TimePoint now, bool color, int width);

}  // namespace evt::runbook
