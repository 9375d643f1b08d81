// The canary's part of failover.db (doc/design.md §19), beside
// route_store.h's tables on its own connection: per route the canary in
// progress or last ended (its plan, the step in force, the last passed
// step, the failed steps, its state) with the lease its holder keeps, and
// each judged step with its metric results. The watch daemon reads the
// lease so it never undoes a canary step, and marks the canary member
// down when its checks fail. SQL stays in canary_store.cc.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "tools/failover/canary_lease.h"

namespace evt::failover {

// The migration failover_store.cc lists as version 5.
extern const char* const kCanaryTablesSql;

// running: a holder is stepping it; holding: stopped with its weights in
// place (inconclusive, a hold, no confirmation), resumed by a rerun;
// promoted and rolled_back: ended.
enum class CanaryState { kRunning, kHolding, kPromoted, kRolledBack };
std::string_view CanaryStateName(CanaryState state);

struct CanaryRun {
  std::string route;
  std::string canary;
  std::vector<std::string> baseline;
  std::vector<int> steps;
  int step = -1;    // index into steps of the weights in force; -1 before the first
  int passed = -1;  // index of the last step passed
  int failed = 0;   // steps failed so far
  CanaryState state = CanaryState::kRunning;
  std::string why;  // holding or ended: in words
  LeaseHolder holder;
  TimePoint started{};
  TimePoint updated{};
  bool abort_requested = false;
  std::optional<TimePoint> canary_down;  // the daemon saw the canary member fail
  // The daemon leaves the route's weights to it: running or holding.
  bool Leases() const { return state == CanaryState::kRunning || state == CanaryState::kHolding; }
};

struct CanaryStepRow {
  std::string route;
  int step = 0;  // index into the run's steps
  int percent = 0;
  std::string verdict;  // the step's verdict: pass, marginal, fail, inconclusive
  double score = 0;
  std::string metrics;  // the metric results, a JSON array as the record has them
  TimePoint at{};
};

class CanaryStore {
 public:
  static Result<CanaryStore> Open(const std::string& state_dir);
  static Result<CanaryStore> OpenReadOnly(const std::string& state_dir);
  static Result<CanaryStore> OpenMemory();

  Result<std::optional<CanaryRun>> Load(const std::string& route);
  Result<std::vector<CanaryRun>> LoadAll();

  // In one transaction: starts `fresh` when the route has no leasing run,
  // or takes over a leasing run whose holder is dead (the run returned is
  // the stored one, now held by fresh.holder, state running). TempFail (75)
  // naming the holder while a live holder keeps it; Usage (2) when the
  // leasing run's canary is another member.
  Result<CanaryRun> Acquire(const CanaryRun& fresh);
  // The run's progress (step, passed, failed, state, why, updated); the
  // abort request and the daemon's mark are the store's and stay.
  Status Save(const CanaryRun& run);
  // A judged step and the run's progress after it, in one transaction.
  Status SaveStep(const CanaryRun& run, const CanaryStepRow& step);
  Result<std::vector<CanaryStepRow>> Steps(const std::string& route, int limit);

  // `canary abort` while a live holder runs it: it rolls back at its next check.
  Status RequestAbort(const std::string& route);
  // The daemon's view of the canary member failing, kept until the holder
  // has counted it (ClearCanaryDown).
  Status MarkCanaryDown(const std::string& route, TimePoint at);
  Status ClearCanaryDown(const std::string& route);

 private:
  explicit CanaryStore(Store store) : store_(std::make_unique<Store>(std::move(store))) {}
  std::unique_ptr<Store> store_;
};

}  // namespace evt::failover
