#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "tools/evt/serve_snapshot.h"

namespace evt::front {
namespace {

SiteSnapshot SnapshotAt(int second) {
  SiteSnapshot snapshot;
  snapshot.at = *ParseRfc3339("2026-12-06T18:00:00.000Z") + std::chrono::seconds(second);
  return snapshot;
}

TEST_CASE("serve snapshot: the first page is complete: gathered before the cache is ready") {
  std::atomic<int> gathered{0};
  SnapshotCache cache([&]() -> Result<SiteSnapshot> { return SnapshotAt(++gathered); }, Duration(3600000));
  CHECK(gathered == 1);
  CHECK(cache.Get().snapshot.at == SnapshotAt(1).at);
  CHECK(cache.Get().error.empty());
}

// Polls `done` up to a deadline, never sleeping a fixed time.
template <typename Done>
bool Eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::yield();
  }
  return false;
}

TEST_CASE("serve snapshot: a failed gathering keeps the last snapshot and says why, a later one clears it") {
  std::atomic<int> gathered{0};
  std::atomic<bool> error_seen{false};
  SnapshotCache cache(
      [&]() -> Result<SiteSnapshot> {
        const int n = ++gathered;
        if (n == 2) return Status::Unavailable("site.db: database is locked");
        // The third waits until the test has seen the second's error.
        if (n == 3) Eventually([&] { return error_seen.load(); });
        return SnapshotAt(n);
      },
      Duration(5));
  REQUIRE(Eventually([&] { return !cache.Get().error.empty(); }));
  SnapshotCache::Latest failed = cache.Get();
  CHECK(failed.error == "site.db: database is locked");
  CHECK(failed.snapshot.at == SnapshotAt(1).at);
  error_seen = true;
  REQUIRE(Eventually([&] { return cache.Get().error.empty(); }));
  CHECK(cache.Get().snapshot.at >= SnapshotAt(3).at);
}

TEST_CASE("serve snapshot: nobody reading the page, nothing is gathered, a reader wakes it") {
  std::atomic<int> gathered{0};
  SnapshotCache cache([&]() -> Result<SiteSnapshot> { return SnapshotAt(++gathered); }, Duration(5));
  // Forty refreshes with no reader: only the first gathering happened.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(gathered == 1);
  CHECK(cache.Get().snapshot.at == SnapshotAt(1).at);  // the last one, at once
  REQUIRE(Eventually([&] { return gathered >= 2; }));
}

TEST_CASE("serve snapshot: stopping does not wait for the next refresh") {
  const auto start = std::chrono::steady_clock::now();
  {
    SnapshotCache cache([]() -> Result<SiteSnapshot> { return SnapshotAt(0); }, Duration(3600000));
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

}  // namespace
}  // namespace evt::front
