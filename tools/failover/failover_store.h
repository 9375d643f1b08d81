// evt-failover's state: the decider's snapshot (health, penalties, active
// path, force), the history of its records, and force/release requests
// from `evt-failover force|release` waiting for the running decider. Every
// write is one transaction, so a kill -9 leaves the state as before or
// after a whole event. SQL stays in failover_store.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/pruned_rows.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/store.h"
#include "tools/failover/decider.h"
#include "tools/failover/recent_latency.h"

namespace evt::failover {

struct ForceRequest {
  std::int64_t id = 0;
  bool release = false;  // else force `path` until `until`
  std::string path;
  // From when the decider takes the request: the decider's time (a
  // replayed stream's) is not the requester's.
  Duration how_long{0};
};

// The switches the history holds, and those `state prune` removed, so the
// count only grows (Prometheus reads a drop as a counter reset).
struct SwitchTally {
  std::int64_t count = 0;
  std::optional<TimePoint> last;  // the newest switch record's ts
};

// Every table of failover.db, route_store.h's included, for each
// connection that opens it.
const std::vector<Migration>& FailoverMigrations();

class FailoverStore {
 public:
  static Result<FailoverStore> Open(const std::string& state_dir);
  static Result<FailoverStore> OpenMemory();

  // The state folder, "" for a memory store: files that live beside the
  // database (orphan_reaper.h) go there.
  const std::string& folder() const { return folder_; }

  // nullopt before the first Save.
  Result<std::optional<DeciderSnapshot>> LoadSnapshot();
  // Replaces the snapshot, appends `records` (serialised failover records)
  // to the history and, when given, replaces the paths' latest latencies
  // (recent_latency.h), in one transaction: one commit per save.
  Status Save(const DeciderSnapshot& snapshot, const std::vector<std::string>& records,
              const LatenciesByPath* recent = nullptr);
  // The last `limit` history records, oldest first.
  Result<std::vector<std::string>> History(std::int64_t limit);
  // `state prune`: history records stamped before `cutoff`. The paths'
  // state and the active path are kept: they are what a restart resumes.
  // The switches it drops are added to the tally first, in the same
  // transaction.
  Result<std::vector<PrunedRows>> PruneBefore(TimePoint cutoff);
  // Every switch ever recorded: the history's and the pruned ones.
  Result<SwitchTally> Switches();

  // Each path's latest latencies, as Save left them.
  Result<LatenciesByPath> RecentLatencies();

  Status RequestForce(const std::string& path, Duration how_long);
  Status RequestRelease();
  // Requests not yet taken, oldest first; they are removed.
  Result<std::vector<ForceRequest>> TakeRequests();
  // Whether the newest request not yet taken is a force: a release must
  // then be queued after it, though nothing is forced yet.
  Result<bool> ForceWaiting();

 private:
  FailoverStore(Store store, std::string folder)
      : store_(std::make_unique<Store>(std::move(store))), folder_(std::move(folder)) {}
  Status AddRequest(bool release, const std::string& path, Duration how_long);

  std::unique_ptr<Store> store_;
  std::string folder_;
  // What the database holds, so Save writes only the paths that changed:
  // a decision changes one or two of fifty.
  std::map<std::string, PathSnapshot> saved_paths_;
};

}  // namespace evt::failover
