// The one scheduler: when attempts are due (interval, fast interval, from
// the start or the end of the last attempt), the caller's fast_now and
// tick hooks, and how first attempts are spread. Driven by a fake runner
// on a ManualClock, so every time is exact.
#include <catch2/catch.hpp>

#include "engine/probe/scheduler.h"
#include "tests/unit/fake_probe_runner.h"

using namespace evt;
using namespace evt::probe;
using evt::probe::testing::FakeProbeRunner;

namespace {

using Ms = std::vector<std::int64_t>;

ScheduledTarget Target(const char* name, std::int64_t interval_ms, std::optional<std::int64_t> fast_ms = {}) {
  ScheduledTarget t;
  t.check.target = name;
  t.check.type = CheckType::kTcp;
  t.interval = Duration(interval_ms);
  if (fast_ms) t.fast_interval = Duration(*fast_ms);
  return t;
}

struct Collect final : ProbeSink {
  std::vector<ProbeResult> probes;
  int windows = 0;
  Status OnProbe(const ProbeResult& r) override {
    probes.push_back(r);
    return Status::Ok();
  }
  Status OnWindow(const WindowIdentity&, const WindowSummary&) override {
    ++windows;
    return Status::Ok();
  }
};

struct Fixture {
  Fixture() { ResetProcessStateForTesting(); }
  ~Fixture() { ResetProcessStateForTesting(); }
  ManualClock clock;
  Collect sink;
};

}  // namespace

TEST_CASE("probe scheduler: a steady target is probed at its interval, counted from each attempt's start") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(60000));
  runner.takes = Duration(300);
  Schedule s;
  s.targets = {Target("a", 1000, 200)};
  s.count = 4;
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr).ok());
  CHECK(runner.Starts("a") == Ms{0, 1000, 2000, 3000});
  CHECK(f.sink.probes.back().attempt == 4);
}

TEST_CASE("probe scheduler: after a failure the fast interval runs from the attempt's end") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(60000));
  runner.takes = Duration(300);
  runner.fails = [](const std::string&, std::int64_t at) { return at >= 2000; };
  Schedule s;
  s.targets = {Target("a", 1000, 200)};
  s.count = 5;
  bool any_failed = false;
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, &any_failed).ok());
  // ok at 0 and 1000; the one at 2000 fails and ends at 2300: +200.
  CHECK(runner.Starts("a") == Ms{0, 1000, 2000, 2500, 3000});
  CHECK(any_failed);
}

TEST_CASE("probe scheduler: without a fast interval a failed target waits its interval") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(60000));
  runner.fails = [](const std::string&, std::int64_t) { return true; };
  Schedule s;
  s.targets = {Target("a", 1000)};
  s.count = 3;
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr).ok());
  CHECK(runner.Starts("a") == Ms{0, 1010, 2020});
}

TEST_CASE("probe scheduler: fast_now decides the interval, after the sink saw the result") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(60000));
  Schedule s;
  s.targets = {Target("a", 1000, 100)};
  s.count = 5;
  ScheduleHooks hooks;
  std::size_t seen_by_sink = 0;
  // Fast while the sink has seen fewer than 3 results: ok results, so from
  // each attempt's start.
  hooks.fast_now = [&](const ScheduledTarget& t, const ProbeResult&) {
    CHECK(t.check.target == "a");
    seen_by_sink = f.sink.probes.size();
    return seen_by_sink < 3;
  };
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr, hooks).ok());
  CHECK(runner.Starts("a") == Ms{0, 100, 200, 1200, 2200});
  CHECK(seen_by_sink == 5);
}

TEST_CASE("probe scheduler: the tick fires at the start and every tick_every until stopped") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(1000));
  Schedule s;
  s.targets = {Target("a", 400)};
  s.count = std::nullopt;
  ScheduleHooks hooks;
  Ms ticks;
  hooks.tick_every = Duration(100);
  hooks.tick = [&] {
    ticks.push_back(runner.NowMs());
    return Status::Ok();
  };
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr, hooks).ok());
  // The stop comes with the step to 1000, after which the tick due then still runs.
  CHECK(ticks == Ms{0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000});
  CHECK(runner.Starts("a") == Ms{0, 400, 800});
}

// watch's quiet spells: tick_in spaces the ticks while nothing is timed,
// and a result that starts something timed brings the next tick closer.
TEST_CASE("probe scheduler: tick_in, asked after each tick and each result, replaces tick_every") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(1600));
  runner.fails = [](const std::string&, std::int64_t at) { return at == 1200; };
  Schedule s;
  s.targets = {Target("a", 400)};
  s.count = std::nullopt;
  ScheduleHooks hooks;
  Ms ticks;
  hooks.tick = [&] {
    ticks.push_back(runner.NowMs());
    return Status::Ok();
  };
  const auto failed = [&] { return !f.sink.probes.empty() && !f.sink.probes.back().ok; };
  hooks.tick_in = [&] { return failed() ? Duration(100) : Duration(1000); };
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr, hooks).ok());
  // Quiet: 0, then 1000 (not 100, 200, ...). The attempt at 1200 fails at
  // 1210: the next tick moves from 2000 to 1310, and on at 100 ms.
  CHECK(ticks == Ms{0, 1000, 1310, 1410, 1510});
  CHECK(runner.Starts("a") == Ms{0, 400, 800, 1200});
}

TEST_CASE("probe scheduler: an endless run with no targets ticks until stopped") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(250));
  Schedule s;
  s.count = std::nullopt;
  ScheduleHooks hooks;
  int ticks = 0;
  hooks.tick = [&] {
    ++ticks;
    return Status::Ok();
  };
  REQUIRE(RunSchedule(s, f.clock, runner, f.sink, nullptr, hooks).ok());
  CHECK(ticks == 3);
  CHECK(runner.NowMs() == 250);
}

TEST_CASE("probe scheduler: a failed tick ends the run with its status") {
  Fixture f;
  FakeProbeRunner runner(f.clock, Duration(60000));
  Schedule s;
  s.targets = {Target("a", 400)};
  s.count = std::nullopt;
  ScheduleHooks hooks;
  hooks.tick = [&] { return runner.NowMs() >= 250 ? Status::IoErr("disk full") : Status::Ok(); };
  Status run = RunSchedule(s, f.clock, runner, f.sink, nullptr, hooks);
  CHECK(run.message() == "disk full");
  CHECK(runner.NowMs() == 300);
}

TEST_CASE("probe scheduler: repeated probing spreads first attempts over one interval unless told not to") {
  Fixture f;
  Schedule s;
  s.targets = {Target("a", 1000), Target("b", 1000)};
  s.count = 2;
  FakeProbeRunner spread(f.clock, Duration(60000));
  REQUIRE(RunSchedule(s, f.clock, spread, f.sink, nullptr).ok());
  CHECK(spread.Starts("a") == Ms{0, 1000});
  CHECK(spread.Starts("b") == Ms{500, 1500});
  s.spread_start = false;
  FakeProbeRunner together(f.clock, Duration(60000));
  REQUIRE(RunSchedule(s, f.clock, together, f.sink, nullptr).ok());
  CHECK(together.Starts("b") == Ms{0, 1000});
}

// evt-probe's records are buffered and written out in BeforeWait: at 64
// probes in flight one write carries a burst of them, yet no record may
// sit in the buffer while the run waits for the next.
TEST_CASE("probe scheduler: the sink hears BeforeWait before every wait, so no result waits in a buffer") {
  struct Buffering final : ProbeSink {
    int unwritten = 0;
    int written = 0;
    Status OnProbe(const ProbeResult&) override {
      ++unwritten;
      return Status::Ok();
    }
    Status OnWindow(const WindowIdentity&, const WindowSummary&) override {
      ++unwritten;
      return Status::Ok();
    }
    Status BeforeWait() override {
      written += unwritten;
      unwritten = 0;
      return Status::Ok();
    }
  };
  Fixture f;
  Buffering sink;
  FakeProbeRunner runner(f.clock, Duration(60000));
  runner.takes = Duration(300);
  std::vector<int> held_through_a_wait;
  runner.on_step = [&](std::int64_t) { held_through_a_wait.push_back(sink.unwritten); };
  Schedule s;
  s.targets = {Target("a", 1000), Target("b", 700)};
  s.count = 3;
  s.window = 2;
  REQUIRE(RunSchedule(s, f.clock, runner, sink, nullptr).ok());
  REQUIRE_FALSE(held_through_a_wait.empty());
  CHECK(held_through_a_wait == std::vector<int>(held_through_a_wait.size(), 0));
  // 6 probes and the windows after 2 and 1 attempts of each target; the
  // last ones are the sink's to write at OnEnd.
  CHECK(sink.written + sink.unwritten == 10);
  CHECK(sink.written >= 6);
}

TEST_CASE("probe scheduler: a sink that fails before a wait ends the run with its status") {
  struct FailsToWrite final : ProbeSink {
    Status OnProbe(const ProbeResult&) override { return Status::Ok(); }
    Status OnWindow(const WindowIdentity&, const WindowSummary&) override { return Status::Ok(); }
    Status BeforeWait() override { return Status::IoErr("write error: no space left on device"); }
  };
  Fixture f;
  FailsToWrite sink;
  FakeProbeRunner runner(f.clock, Duration(60000));
  Schedule s;
  s.targets = {Target("a", 1000)};
  s.count = 3;
  Status status = RunSchedule(s, f.clock, runner, sink, nullptr);
  CHECK(status.message() == "write error: no space left on device");
  CHECK(runner.attempts.size() == 1);
}
