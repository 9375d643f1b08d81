// run --watch FILE between passes: woken by a write or a stop, not by a
// clock twice a second; without a watch, back to looking every kFollowPoll.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "common/process_state.h"
#include "tests/unit/store_test_util.h"
#include "tools/detect/file_growth_waiter.h"

using namespace evt;
using namespace evt::detect;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

void AppendLater(const std::string& path, milliseconds after) {
  std::this_thread::sleep_for(after);
  std::ofstream(path, std::ios::app) << "{\"kind\":\"probe\"}\n";
}

}  // namespace

TEST_CASE("detect follow: an append wakes the waiter before its safety look, a stop ends it") {
  ResetProcessStateForTesting();
  EnableStopWakeup();
  evt::store_test::TempDir dir;
  const std::string path = dir.path() + "/growing.jsonl";
  std::ofstream(path) << "";
  FileGrowthWaiter waiter({path});
  REQUIRE(waiter.watching());

  Steady::time_point start = Steady::now();
  std::thread writer(AppendLater, path, milliseconds(100));
  CHECK(waiter.Wait());
  const auto woke_after = Steady::now() - start;
  writer.join();
  CHECK(woke_after >= milliseconds(90));
  CHECK(woke_after < kFollowSafety - milliseconds(1000));

  std::thread stopper([] {
    std::this_thread::sleep_for(milliseconds(100));
    RequestStop(SIGTERM);
  });
  start = Steady::now();
  CHECK_FALSE(waiter.Wait());
  stopper.join();
  CHECK(Steady::now() - start < kFollowSafety - milliseconds(1000));
  ResetProcessStateForTesting();
}

// tail >> FILE writes a long append in pieces: the pass waits for the
// last, so no line is read cut in two.
TEST_CASE("detect follow: an append in several writes is waited out before the pass") {
  ResetProcessStateForTesting();
  evt::store_test::TempDir dir;
  const std::string path = dir.path() + "/growing.jsonl";
  std::ofstream(path) << "";
  FileGrowthWaiter waiter({path});
  REQUIRE(waiter.watching());
  std::atomic<bool> whole{false};
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(50));
    std::ofstream out(path, std::ios::app);
    out << "{\"kind\":" << std::flush;
    std::this_thread::sleep_for(milliseconds(1));
    out << "\"probe\"}\n" << std::flush;
    whole = true;
  });
  CHECK(waiter.Wait());
  CHECK(whole);
  writer.join();
}

TEST_CASE("detect follow: with a file inotify cannot watch, the waiter looks every kFollowPoll") {
  ResetProcessStateForTesting();
  evt::store_test::TempDir dir;
  FileGrowthWaiter waiter({dir.path() + "/not-there.jsonl"});
  CHECK_FALSE(waiter.watching());
  const Steady::time_point start = Steady::now();
  CHECK(waiter.Wait());
  CHECK(Steady::now() - start >= kFollowPoll - milliseconds(10));
}
