#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>

#include "common/duration.h"
#include "tools/failover/canary_store.h"
#include "tools/failover/failover_store.h"

using namespace evt;
using namespace evt::failover;

namespace {

TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }

CanaryRun Fresh(LeaseHolder holder, std::string canary = "v2") {
  CanaryRun run;
  run.route = "reads";
  run.canary = std::move(canary);
  run.baseline = {"v1"};
  run.steps = {5, 50, 100};
  run.holder = std::move(holder);
  run.started = run.updated = At(0);
  return run;
}

// A holder that is surely dead: this host, a pid beyond pid_max.
LeaseHolder Dead() { return LeaseHolder{99'999'999, 1, ThisHolder().host}; }

}  // namespace

TEST_CASE("canary lease: this process is alive, a gone pid or a reused one is dead") {
  const LeaseHolder me = ThisHolder();
  CHECK(me.pid == ::getpid());
  CHECK(me.start_ticks > 0);
  CHECK(HolderAlive(me));
  CHECK_FALSE(HolderAlive(Dead()));
  LeaseHolder reused = me;
  reused.start_ticks += 1;  // same pid, another process start
  CHECK_FALSE(HolderAlive(reused));
}

TEST_CASE("canary store: a run and its judged steps survive, progress is saved with each step") {
  Result<CanaryStore> store = CanaryStore::OpenMemory();
  REQUIRE(store.ok());
  Result<CanaryRun> run = store->Acquire(Fresh(ThisHolder()));
  REQUIRE(run.ok());
  run->step = 0;
  run->passed = 0;
  REQUIRE(store->SaveStep(*run, CanaryStepRow{"reads", 0, 5, "pass", 100, "[]", At(1000)}).ok());
  run->step = 1;
  run->failed = 1;
  REQUIRE(store->SaveStep(*run, CanaryStepRow{"reads", 1, 50, "fail", 40, "[{\"name\":\"latency\"}]", At(2000)}).ok());
  Result<std::optional<CanaryRun>> back = store->Load("reads");
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK((*back)->steps == std::vector<int>{5, 50, 100});
  CHECK((*back)->baseline == std::vector<std::string>{"v1"});
  CHECK((*back)->step == 1);
  CHECK((*back)->passed == 0);
  CHECK((*back)->failed == 1);
  CHECK((*back)->Leases());
  Result<std::vector<CanaryStepRow>> steps = store->Steps("reads", 10);
  REQUIRE(steps.ok());
  REQUIRE(steps->size() == 2);
  CHECK((*steps)[1].verdict == "fail");
  CHECK((*steps)[1].metrics == "[{\"name\":\"latency\"}]");
  Result<std::vector<CanaryStepRow>> last = store->Steps("reads", 1);
  REQUIRE(last.ok());
  REQUIRE(last->size() == 1);
  CHECK((*last)[0].percent == 50);
}

TEST_CASE("canary store: a live holder keeps the lease, a dead one's run is taken over where it was") {
  Result<CanaryStore> store = CanaryStore::OpenMemory();
  REQUIRE(store.ok());
  CanaryRun held = Fresh(ThisHolder());
  REQUIRE(store->Acquire(held).ok());
  Result<CanaryRun> second = store->Acquire(Fresh(ThisHolder()));
  CHECK(second.status().code() == ExitCode::kTempFail);
  CHECK(second.status().message().find("run by pid " + std::to_string(::getpid())) != std::string::npos);

  CanaryRun gone = Fresh(Dead());
  gone.route = "stream";
  gone.step = 1;
  gone.passed = 0;
  gone.failed = 1;
  REQUIRE(store->Acquire(gone).ok());
  CanaryRun again = Fresh(ThisHolder());
  again.route = "stream";
  again.updated = At(9000);
  Result<CanaryRun> taken = store->Acquire(again);
  REQUIRE(taken.ok());
  CHECK(taken->step == 1);
  CHECK(taken->passed == 0);
  CHECK(taken->failed == 1);
  CHECK(taken->holder.pid == ::getpid());
  CHECK(taken->state == CanaryState::kRunning);

  SECTION("another canary on a leased route is refused with what to do") {
    CanaryRun other = Fresh(ThisHolder(), "v3");
    other.route = "stream";
    REQUIRE(store->Save(CanaryRun{taken->route, taken->canary, taken->baseline, taken->steps, 1, 0, 1,
                                  CanaryState::kHolding, "inconclusive", Dead(), At(0), At(1), false, std::nullopt})
                .ok());
    Result<CanaryRun> refused = store->Acquire(other);
    CHECK(refused.status().code() == ExitCode::kUsage);
    CHECK(refused.status().message().find("canary abort stream") != std::string::npos);
  }
  SECTION("an ended run leaves room for a new canary") {
    CanaryRun ended = *taken;
    ended.state = CanaryState::kRolledBack;
    REQUIRE(store->Save(ended).ok());
    CanaryRun other = Fresh(ThisHolder(), "v3");
    other.route = "stream";
    Result<CanaryRun> fresh = store->Acquire(other);
    REQUIRE(fresh.ok());
    CHECK(fresh->canary == "v3");
    CHECK(fresh->step == -1);
  }
}

TEST_CASE("canary store: abort requests and the daemon's canary-down mark are kept until cleared") {
  Result<CanaryStore> store = CanaryStore::OpenMemory();
  REQUIRE(store.ok());
  REQUIRE(store->Acquire(Fresh(ThisHolder())).ok());
  REQUIRE(store->MarkCanaryDown("reads", At(500)).ok());
  REQUIRE(store->MarkCanaryDown("reads", At(900)).ok());  // the first mark stands
  REQUIRE(store->RequestAbort("reads").ok());
  Result<std::optional<CanaryRun>> run = store->Load("reads");
  REQUIRE(run.ok());
  CHECK((*run)->abort_requested);
  CHECK((*run)->canary_down == At(500));
  REQUIRE(store->Save(**run).ok());  // progress leaves both alone
  REQUIRE(store->ClearCanaryDown("reads").ok());
  run = store->Load("reads");
  REQUIRE(run.ok());
  CHECK((*run)->abort_requested);
  CHECK_FALSE((*run)->canary_down.has_value());
}

TEST_CASE("canary store: state prune drops an ended canary's old judged steps and keeps a holding one's") {
  char pattern[] = "/tmp/evt-canary-prune-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  {
    Result<CanaryStore> store = CanaryStore::Open(dir);
    REQUIRE(store.ok());
    CanaryRun ended = Fresh(ThisHolder());
    ended.state = CanaryState::kPromoted;
    REQUIRE(store->Acquire(ended).ok());
    REQUIRE(store->SaveStep(ended, CanaryStepRow{"reads", 0, 5, "pass", 100, "[]", At(1000)}).ok());
    CanaryRun holding = Fresh(ThisHolder());
    holding.route = "stream";
    holding.state = CanaryState::kHolding;
    REQUIRE(store->Acquire(holding).ok());
    REQUIRE(store->SaveStep(holding, CanaryStepRow{"stream", 0, 5, "inconclusive", 0, "[]", At(1000)}).ok());
    Result<FailoverStore> failover = FailoverStore::Open(dir);
    REQUIRE(failover.ok());
    Result<std::vector<PrunedRows>> pruned = failover->PruneBefore(At(5000));
    REQUIRE(pruned.ok());
    REQUIRE(pruned->size() == 2);
    CHECK((*pruned)[1].what == "canary steps");
    CHECK((*pruned)[1].rows == 1);
    CHECK(store->Steps("reads", 10)->empty());
    CHECK(store->Steps("stream", 10)->size() == 1);
  }
  std::system(("rm -rf '" + dir + "'").c_str());
}
