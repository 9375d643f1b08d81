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
  last_asked_ = std::chrono::steady_clock::now();
  asked_ = true;
  wake_.notify_all();
  return latest_;
}

bool SnapshotCache::Watched() const {
  return std::chrono::steady_clock::now() - last_asked_ < 3 * refresh_;
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
  while (!stop_) {
    if (Watched()) {
      if (wake_.wait_for(lock, refresh_, [this] { return stop_; })) break;
    } else {
      asked_ = false;
      wake_.wait(lock, [this] { return stop_ || asked_; });
      if (stop_) break;
    }
    lock.unlock();
    GatherOnce();
    lock.lock();
  }
}

}  // namespace evt::front
