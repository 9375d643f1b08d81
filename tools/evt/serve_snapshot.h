// The snapshot the status page shows, gathered on a thread of its own every
// `refresh`: gathering runs every tool's `status --json` (up to its
// timeout), and the server answers on one thread, so gathering per request
// would hold /healthz back behind a slow tool, and the other side of the
// link probes /healthz every 2 s with a short timeout.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/duration.h"
#include "common/status.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

class SnapshotCache {
 public:
  using Gather = std::function<Result<SiteSnapshot>()>;
  // Gathers once before returning, so the first page is complete, then
  // again every `refresh` until destroyed.
  SnapshotCache(Gather gather, Duration refresh);
  ~SnapshotCache();
  SnapshotCache(const SnapshotCache&) = delete;
  SnapshotCache& operator=(const SnapshotCache&) = delete;

  struct Latest {
    SiteSnapshot snapshot;  // the last one gathered
    std::string error;      // why the last gathering failed; "" when it did not
  };
  Latest Get() const;

 private:
  void GatherOnce();
  void Loop();

  Gather gather_;
  Duration refresh_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Latest latest_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace evt::front
