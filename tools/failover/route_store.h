// Traffic steering's part of failover.db (doc/design.md §16), beside
// failover_store.h's tables on its own connection: per route the weights
// last read back as applied and when; the mode in force with its end and
// the drivers' restore tokens, so `mode normal` restores exactly what was
// there even after a restart; and mode requests waiting for the running
// watch, as force requests do. SQL stays in route_store.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// The migration failover_store.cc lists after its own.
extern const char* const kRouteTablesSql;

struct AppliedWeights {
  std::string route;
  std::vector<MemberWeight> weights;
  TimePoint at{};
};

struct ModeState {
  std::string mode = "normal";          // "normal" or "reduced"
  std::optional<TimePoint> until;       // reduced: when it ends by itself
  TimePoint since{};
  std::string by;                       // "governor level 3", "ana@gate-1", ...
  std::map<std::string, std::string> restore_tokens;  // driver Name() -> EnterReduced's token
};

struct ModeRequest {
  std::int64_t id = 0;
  std::string mode;                  // "normal" or "reduced"
  std::optional<Duration> how_long;  // reduced --for
  std::string by;
};

class RouteStore {
 public:
  static Result<RouteStore> Open(const std::string& state_dir);
  static Result<RouteStore> OpenMemory();

  Status SaveApplied(const AppliedWeights& applied);
  Result<std::vector<AppliedWeights>> LoadApplied();

  // normal (since the epoch) before the first SaveMode.
  Result<ModeState> LoadMode();
  Status SaveMode(const ModeState& mode);

  Status RequestMode(const ModeRequest& request);
  // Requests not yet taken, oldest first; they are removed.
  Result<std::vector<ModeRequest>> TakeModeRequests();

  // Appends records to failover.db's history, for `history` and for a
  // waiting `mode` command.
  Status AppendHistory(const std::vector<std::string>& records);

 private:
  explicit RouteStore(Store store) : store_(std::make_unique<Store>(std::move(store))) {}
  std::unique_ptr<Store> store_;
};

}  // namespace evt::failover
