// The snapshot the status page shows, gathered on a thread of its own every
// `refresh`: gathering runs every tool's `status --json` (up to its
// timeout), and the server answers on one thread, so gathering per request
// would hold /healthz back behind a slow tool, and the other side of the
// link probes /healthz every 2 s with a short timeout. It gathers only while
// someone reads the page (asked within three refreshes): a box on a battery
// must not start every tool every few seconds for a page nobody has open. A
// reader after a quiet spell gets the last snapshot, with its time, and
// wakes the gathering, so the page's next reload is fresh.
#pragma once

#include <chrono>
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

  bool Watched() const;

  Gather gather_;
  Duration refresh_;
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  Latest latest_;
  bool stop_ = false;
  mutable std::chrono::steady_clock::time_point last_asked_{};
  mutable bool asked_ = false;
  std::thread thread_;
};

}  // namespace evt::front
