// The watch loop on a fake probe runner and a ManualClock: each target's
// fast interval while its path is between up and down, a failure detected
// within fall fast re-probes, the session's timers ticking, and a force
// request served while the probing goes on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

#include "common/json_parse.h"
#include "tests/unit/fake_probe_runner.h"
#include "tools/failover/watcher.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;
using namespace evt::failover::testing;
using evt::probe::testing::FakeProbeRunner;

namespace {

using Ms = std::vector<std::int64_t>;

probe::ConfigTarget TcpTarget(const char* name, std::int64_t interval_ms, std::optional<std::int64_t> fast_ms = {}) {
  probe::ScheduledTarget s;
  s.check.target = name;
  s.check.type = probe::CheckType::kTcp;
  s.interval = Duration(interval_ms);
  if (fast_ms) s.fast_interval = Duration(*fast_ms);
  probe::ConfigTarget t;
  t.name = name;
  t.check = "tcp";
  t.probes = {s};
  return t;
}

struct Output {
  Output() : file(std::tmpfile()), writer(file) {}
  ~Output() { std::fclose(file); }
  std::vector<Value> Records() {
    writer.Flush();
    std::rewind(file);
    std::vector<Value> out;
    char line[8192];
    while (std::fgets(line, sizeof line, file)) out.push_back(*ParseJson(line, "out"));
    std::fseek(file, 0, SEEK_END);
    return out;
  }
  std::FILE* file;
  RecordWriter writer;
};

// The first record of `event` for `path` detected at or after `from_ms`, as
// milliseconds since At(0).
std::optional<std::int64_t> DetectedMs(const std::vector<Value>& records, const char* event, const char* path,
                                       std::int64_t from_ms = 0) {
  for (const Value& r : records) {
    if (r.find("event")->as_string() != event || r.find("path")->as_string() != path) continue;
    Result<TimePoint> at = ParseRfc3339(r.find("detected_at")->as_string());
    if (at.ok() && (*at - At(0)).count() >= from_ms) return (*at - At(0)).count();
  }
  return std::nullopt;
}

// A started session in memory, run as watch runs it (actions beside).
struct Watch {
  explicit Watch(FailoverSpec spec)
      : opened(FailoverStore::OpenMemory()),
        store(*opened),
        clock(At(0)),
        session(std::move(spec), store, out.writer, clock, NoActions) {
    ResetProcessStateForTesting();
    session.RunActionsBeside();
    REQUIRE(session.Start().ok());
  }
  ~Watch() { ResetProcessStateForTesting(); }

  static bool NoActions(const std::vector<ActionSpec>&, const ActionContext&, std::vector<ActionReport>*) {
    return true;
  }

  Result<FailoverStore> opened;
  FailoverStore& store;
  Output out;
  ManualClock clock;
  Session session;
};

}  // namespace

TEST_CASE("failover watch: a target's own fast_interval, else the failover's, never over its interval") {
  const probe::Schedule s = WatchSchedule(
      {TcpTarget("own", 2000, 200), TcpTarget("inherits", 2000), TcpTarget("slow", 300, 1000)}, Duration(500));
  REQUIRE(s.targets.size() == 3);
  CHECK(s.targets[0].fast_interval == Duration(200));
  CHECK(s.targets[1].fast_interval == Duration(500));
  CHECK(s.targets[2].fast_interval == Duration(300));
  CHECK_FALSE(s.count);
  CHECK_FALSE(s.spread_start);
}

TEST_CASE("failover watch: re-probes at the fast interval while the path is between up and down") {
  Watch w(ThreePaths());
  FakeProbeRunner runner(w.clock, Duration(9000));
  runner.fails = [](const std::string& target, std::int64_t at) { return target == "uplink" && at >= 5000; };
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 2000), TcpTarget("slice", 2000)}, Duration(500)));
  REQUIRE(watcher.Run(runner).ok());
  // Up from the first success; the first failure (6000, ends 6010) leaves
  // health between up and down: +500 from its end; the second takes the
  // path down, after which the interval applies again.
  CHECK(runner.Starts("uplink") == Ms{0, 2000, 4000, 6000, 6510, 8520});
  CHECK(runner.Starts("slice") == Ms{0, 2000, 4000, 6000, 8000});
  const std::vector<Value> records = w.out.Records();
  const std::optional<std::int64_t> down = DetectedMs(records, "down", "primary");
  REQUIRE(down);
  // Detected within fall (2) fast re-probes of the first failed attempt.
  CHECK(*down - 6000 <= 2 * (500 + 10));
  CHECK(DetectedMs(records, "switch", "5g") == down);
}

TEST_CASE("failover watch: a path rising back is probed at the fast interval") {
  Watch w(ThreePaths());
  FakeProbeRunner runner(w.clock, Duration(6000));
  runner.fails = [](const std::string& target, std::int64_t at) { return target == "uplink" && at < 1000; };
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 2000, 250)}, Duration(500)));
  REQUIRE(watcher.Run(runner).ok());
  // Unchecked, the path starts at health = rise, so the failure at 0 takes
  // it down (health 0: the interval, from the end); it rises at 2010
  // (health 1) and 2260 (2) at its own fast interval, from each start, and
  // is up at 2510 (rise 3: top), back to its interval.
  CHECK(runner.Starts("uplink") == Ms{0, 2010, 2260, 2510, 4510});
}

TEST_CASE("failover watch: the timers tick and a force request is served while probing goes on") {
  Watch w(ThreePaths());
  FakeProbeRunner runner(w.clock, Duration(3000));
  bool requested = false;
  runner.on_step = [&](std::int64_t now) {
    if (now < 1000 || requested) return;
    requested = true;
    REQUIRE(w.store.RequestForce("5g", Duration(60000)).ok());
  };
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 700), TcpTarget("slice", 700)}, Duration(500)));
  REQUIRE(watcher.Run(runner).ok());
  const std::vector<Value> records = w.out.Records();
  const std::optional<std::int64_t> forced = DetectedMs(records, "forced", "5g");
  REQUIRE(forced);
  // Requests are read every 500 ms, on a tick (every 100 ms).
  CHECK(*forced >= 1000);
  CHECK(*forced <= 1000 + 500 + 100);
  CHECK(w.session.decider().Snapshot().active == "5g");
  CHECK(runner.Starts("uplink") == Ms{0, 700, 1400, 2100, 2800});
}

TEST_CASE("failover watch: the after-tick hook runs in the loop and learns when every target has answered once") {
  Watch w(ThreePaths());
  FakeProbeRunner runner(w.clock, Duration(2000));
  // slice takes 700 ms to answer its first probe; uplink 10 ms.
  runner.takes_for = [](const probe::Check& c) { return Duration(c.target == "slice" ? 700 : 10); };
  std::vector<std::int64_t> ticks_before, ticks_after;
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 500), TcpTarget("slice", 5000)}, Duration(500)),
                  [&](bool all_heard) {
                    (all_heard ? ticks_after : ticks_before).push_back(runner.NowMs());
                    return Status::Ok();
                  });
  REQUIRE(watcher.Run(runner).ok());
  REQUIRE(!ticks_before.empty());
  REQUIRE(!ticks_after.empty());
  CHECK(ticks_before.back() < 700);
  CHECK(ticks_after.front() >= 700);
  CHECK(ticks_after.front() < 800);  // the tick after slice's answer: ten ticks a second until then
  CHECK(ticks_before.size() >= 7);
  // Then all is quiet (primary active and healthy): the session's timers
  // are looked at when it next reads the requests, twice a second.
  CHECK(ticks_after.size() <= 5);
}

TEST_CASE("failover watch: quiet, two ticks a second, a timer running, ten, the failback comes on time") {
  Watch w(ThreePaths(Duration(3000)));
  FakeProbeRunner runner(w.clock, Duration(12000));
  runner.fails = [](const std::string& target, std::int64_t at) { return target == "uplink" && at >= 2000 && at < 4000; };
  Ms ticks;
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 1000), TcpTarget("slice", 1000)}, Duration(500)),
                  [&](bool) {
                    ticks.push_back(runner.NowMs());
                    return Status::Ok();
                  });
  REQUIRE(watcher.Run(runner).ok());
  const std::vector<Value> records = w.out.Records();
  const std::optional<std::int64_t> down = DetectedMs(records, "down", "primary");
  const std::optional<std::int64_t> up = DetectedMs(records, "up", "primary");
  REQUIRE(down);
  REQUIRE(up);
  const auto ticks_between = [&](std::int64_t from, std::int64_t to) {
    return std::count_if(ticks.begin(), ticks.end(), [&](std::int64_t t) { return t >= from && t < to; });
  };
  // Before the failure: primary active, all up.
  CHECK(ticks_between(0, 2000) <= 5);
  // On 5g while primary's failback_after runs: every 100 ms.
  CHECK(ticks_between(*up, *up + 3000) >= 29);
  // The first switch to primary is the start's; the failback is the one after it came back.
  const std::optional<std::int64_t> failback = DetectedMs(records, "switch", "primary", *up);
  REQUIRE(failback);
  CHECK(*failback > *up);
  // As when the timers ticked ten times a second throughout.
  CHECK(*failback - *up >= 3000);
  CHECK(*failback - *up <= 3000 + 100);
  CHECK(w.session.decider().active() == "primary");
  // Back on primary, all quiet again.
  CHECK(ticks_between(*failback + 500, 12000) <= 2 * (12000 - *failback - 500) / 1000 + 1);
}

TEST_CASE("failover watch: an error from the after-tick hook ends the loop with it") {
  Watch w(ThreePaths());
  FakeProbeRunner runner(w.clock, Duration(5000));
  int ticks = 0;
  Watcher watcher(w.session, w.clock, WatchSchedule({TcpTarget("uplink", 500)}, Duration(500)), [&](bool) {
    return ++ticks == 3 ? Status::IoErr("--textfile: cannot write") : Status::Ok();
  });
  Status s = watcher.Run(runner);
  CHECK(s.code() == ExitCode::kIoErr);
  CHECK(ticks == 3);
}
