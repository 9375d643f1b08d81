#include "tools/evt/serve_snapshot.h"

namespace evt::front {

SnapshotCache::SnapshotCache(Gather gather, Duration refresh) : gather_(std::move(gather)), refresh_(refresh) {
  GatherOnce();
  thread_ = std::thread([this] { Loop(); });
}

SnapshotCache::~SnapshotCache() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

SnapshotCache::Latest SnapshotCache::Get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

void SnapshotCache::GatherOnce() {
  Result<SiteSnapshot> gathered = gather_();
  std::lock_guard<std::mutex> lock(mutex_);
  if (gathered.ok()) {
    latest_.snapshot = std::move(*gathered);
    latest_.error.clear();
  } else {
    latest_.error = gathered.status().message();
  }
}

void SnapshotCache::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, refresh_, [this] { return stop_; })) {
    lock.unlock();
    GatherOnce();
    lock.lock();
  }
}

}  // namespace evt::front
