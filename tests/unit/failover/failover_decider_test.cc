#include <catch2/catch.hpp>

#include "failover_test_util.h"

using namespace evt::failover;
using namespace evt::failover::testing;
using evt::Duration;

namespace {

// Brings primary to the top of its health and makes it active.
void StartOnPrimary(Driver& d) {
  d.Probe("uplink", true);
  d.Probe("slice", true);
  REQUIRE(d.decider.active() == "primary");
}

}  // namespace

TEST_CASE("failover decider: the first result activates the most preferred path, reason start") {
  Driver d(ThreePaths());
  auto out = d.Probe("uplink", true);
  REQUIRE(CountOf(out, EventType::kSwitch) == 1);
  CHECK(out.back().path == "primary");
  CHECK(out.back().previous.empty());
  CHECK(out.back().reason.find("start") == 0);
  CHECK(d.decider.active_since() == d.clock.Now());
}

TEST_CASE("failover decider: fall failures take the active path down and switch at once") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  d.Advance(2000);
  auto first = d.Probe("uplink", false);
  CHECK(first.empty());  // health 4 -> 3, still up
  d.Advance(500);
  auto second = d.Probe("uplink", false);
  REQUIRE(second.size() == 2);
  CHECK(second[0].type == EventType::kDown);
  CHECK(second[0].path == "primary");
  CHECK(second[0].reason.find("fall 2") != std::string::npos);
  CHECK(second[0].reason.find("connection refused") != std::string::npos);
  CHECK(second[1].type == EventType::kSwitch);
  CHECK(second[1].path == "5g");
  CHECK(second[1].previous == "primary");
  CHECK(second[1].reason.find("primary is down") == 0);
  CHECK(second[1].at == d.clock.Now());
}

TEST_CASE("failover decider: all down but the local fallback goes to local") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  for (int i = 0; i < 2; ++i) {
    d.Probe("uplink", false);
    d.Probe("slice", false);
  }
  CHECK(d.decider.active() == "local");
}

TEST_CASE("failover decider: failback waits failback_after of unbroken health, not less") {
  Driver d(ThreePaths(Duration(30000)));
  StartOnPrimary(d);
  d.Probe("uplink", false);
  d.Probe("uplink", false);
  REQUIRE(d.decider.active() == "5g");
  d.Advance(1000);
  d.Probe("uplink", true);
  d.Advance(1000);
  d.Probe("uplink", true);
  d.Advance(1000);
  auto up = d.Probe("uplink", true);  // rise 3
  REQUIRE(CountOf(up, EventType::kUp, "primary") == 1);
  CHECK(d.decider.active() == "5g");
  const auto healthy_from = d.clock.Now();
  for (int i = 0; i < 29; ++i) {
    d.Advance(1000);
    d.Probe("uplink", true);
    CHECK(d.decider.active() == "5g");
  }
  d.Advance(999);
  d.Tick();
  CHECK(d.decider.active() == "5g");
  d.Advance(1);
  auto back = d.Tick();
  REQUIRE(CountOf(back, EventType::kSwitch, "primary") == 1);
  CHECK(d.clock.Now() - healthy_from == Duration(30000));
  CHECK(back.back().reason.find("failback: primary healthy for 30.0s") == 0);
}

TEST_CASE("failover decider: one failed check during the failback wait restarts it") {
  Driver d(ThreePaths(Duration(10000)));
  StartOnPrimary(d);
  d.Probe("uplink", false);
  d.Probe("uplink", false);
  for (int i = 0; i < 3; ++i) d.Probe("uplink", true);
  d.Advance(8000);
  d.Probe("uplink", false);  // still up (health 4 -> 3) but the wait restarts
  d.Advance(1000);
  d.Probe("uplink", true);
  d.Advance(9000);
  d.Tick();
  CHECK(d.decider.active() == "5g");
  d.Advance(1000);
  d.Tick();
  CHECK(d.decider.active() == "primary");
}

TEST_CASE("failover decider: reliability counts how many targets answer") {
  FailoverSpec s;
  s.paths = {MakePath("primary", {"a", "b"}, 1, 1), MakePath("local", {})};
  s.paths[0].reliability = 2;
  Driver d(std::move(s));
  d.Probe("a", true);
  d.Probe("b", true);
  REQUIRE(d.decider.active() == "primary");
  auto out = d.Probe("b", false);  // a answers, b does not: 1 of 2, 2 needed
  REQUIRE(CountOf(out, EventType::kDown, "primary") == 1);
  CHECK(out[0].reason.find("1 of 2 targets answering, 2 needed") != std::string::npos);
  CHECK(d.decider.active() == "local");
}

TEST_CASE("failover decider: with reliability 1 one answering target of two keeps the path up") {
  FailoverSpec s;
  s.paths = {MakePath("primary", {"a", "b"}, 1, 1), MakePath("local", {})};
  Driver d(std::move(s));
  d.Probe("a", true);
  d.Probe("b", true);
  d.Probe("b", false);
  d.Probe("b", false);
  CHECK(d.decider.Up(0));
  CHECK(d.decider.active() == "primary");
  d.Probe("a", false);
  CHECK_FALSE(d.decider.Up(0));
}

TEST_CASE("failover decider: degraded raises and clears at separate thresholds and moves traffic") {
  FailoverSpec s = ThreePaths(Duration(5000));
  DegradedSpec deg;
  deg.raise = {0.2, 800};
  deg.clear = {0.05, 400};
  deg.window = 10;
  s.paths[0].degraded = deg;
  s.paths[0].fall = 100;  // health stays up: only the quality changes
  Driver d(s);
  StartOnPrimary(d);
  for (int i = 0; i < 9; ++i) d.Probe("uplink", true, 100);
  auto out = d.Probe("uplink", true, 900);  // p95 of 10 answers: 900 >= 800
  REQUIRE(CountOf(out, EventType::kDegraded, "primary") == 1);
  REQUIRE(CountOf(out, EventType::kSwitch, "5g") == 1);
  CHECK(out.back().reason == "primary is degraded; 5g is not");
  // 500 ms is under the raise limit but over clear: still degraded.
  for (int i = 0; i < 10; ++i) CHECK(CountOf(d.Probe("uplink", true, 500), EventType::kRecovered) == 0);
  int recovered = 0;
  for (int i = 0; i < 10; ++i) recovered += CountOf(d.Probe("uplink", true, 100), EventType::kRecovered);
  CHECK(recovered == 1);
  CHECK(d.decider.active() == "5g");
  d.Advance(5000);
  d.Tick();
  CHECK(d.decider.active() == "primary");
}

TEST_CASE("failover decider: loss over the raise limit degrades") {
  FailoverSpec s = ThreePaths();
  DegradedSpec deg;
  deg.raise = {0.2, 1e9};
  deg.clear = {0.05, 1e9};
  deg.window = 10;
  s.paths[0].degraded = deg;
  s.paths[0].fall = 100;
  Driver d(s);
  StartOnPrimary(d);
  for (int i = 0; i < 8; ++i) d.Probe("uplink", true);
  d.Probe("uplink", false);
  CHECK_FALSE(d.decider.Degraded(0));
  d.Probe("uplink", false);  // 2 lost of 10
  CHECK(d.decider.Degraded(0));
}

TEST_CASE("failover decider: force overrides health until it expires, release ends it early") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  std::vector<Event> out;
  REQUIRE(d.decider.Force("local", d.clock.Now() + Duration(600000), d.clock.Now(), &out).ok());
  REQUIRE(out.size() == 2);
  CHECK(out[0].type == EventType::kForced);
  CHECK(out[1].type == EventType::kSwitch);
  CHECK(out[1].path == "local");
  d.Advance(599999);
  d.Probe("uplink", true);
  CHECK(d.decider.active() == "local");
  d.Advance(1);
  auto expired = d.Tick();
  CHECK(CountOf(expired, EventType::kReleased, "local") == 1);
  CHECK(d.decider.active() == "primary");

  out.clear();
  REQUIRE(d.decider.Force("5g", d.clock.Now() + Duration(600000), d.clock.Now(), &out).ok());
  CHECK(d.decider.active() == "5g");
  out.clear();
  d.decider.Release(d.clock.Now(), &out);
  CHECK(CountOf(out, EventType::kReleased) == 1);
  CHECK(d.decider.active() == "primary");
  CHECK(d.decider.Force("nope", d.clock.Now(), d.clock.Now(), &out).code() == evt::ExitCode::kUsage);
}

TEST_CASE("failover decider: a switch whose actions failed is reverted and retried after a hold") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  d.Probe("uplink", false);
  auto out = d.Probe("uplink", false);
  REQUIRE(out.back().type == EventType::kSwitch);
  std::vector<Event> reverted;
  d.decider.RevertSwitch(out.back(), "on_activate failed", true, d.clock.Now(), &reverted);
  REQUIRE(reverted.size() == 1);
  CHECK(reverted[0].type == EventType::kSwitchFailed);
  CHECK(d.decider.active() == "primary");
  d.Advance(100);
  auto next = d.Tick();  // 5g is held: the next eligible one is local
  REQUIRE(CountOf(next, EventType::kSwitch, "local") == 1);
  d.Advance(kSwitchRetry.count());
  auto retry = d.Tick();  // the hold is over and 5g was healthy all along
  CHECK(CountOf(retry, EventType::kSwitch, "5g") == 1);
}

TEST_CASE("failover decider: when the previous path could not be restored, no path is active") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  d.Probe("uplink", false);
  auto out = d.Probe("uplink", false);
  REQUIRE(out.back().type == EventType::kSwitch);
  std::vector<Event> reverted;
  d.decider.RevertSwitch(out.back(), "on_activate of 5g failed", false, d.clock.Now(), &reverted);
  REQUIRE(reverted.size() == 1);
  CHECK(reverted[0].reason == "on_activate of 5g failed; no path is active, next try in 5s");
  CHECK(d.decider.active().empty());
  CHECK(d.decider.Snapshot().active.empty());
  auto next = d.Tick();  // 5g and primary are held: local, saying why
  REQUIRE(CountOf(next, EventType::kSwitch, "local") == 1);
  CHECK(next.back().previous.empty());
  CHECK(next.back().reason.rfind("no path is active; local is", 0) == 0);
}

TEST_CASE("failover decider: a restored decider does not re-announce a path already down") {
  Driver d(ThreePaths());
  StartOnPrimary(d);
  d.Probe("uplink", false);
  d.Probe("uplink", false);
  REQUIRE(d.decider.active() == "5g");
  DeciderSnapshot snap = d.decider.Snapshot();

  Driver restarted(ThreePaths());
  restarted.clock.Set(d.clock.Now());
  restarted.decider.Restore(snap);
  CHECK(restarted.decider.active() == "5g");
  auto out = restarted.Probe("uplink", false);
  CHECK(out.empty());
  CHECK_FALSE(restarted.decider.Up(0));
}

TEST_CASE("failover decider: targets no path uses are reported as unused") {
  Driver d(ThreePaths());
  std::vector<Event> out;
  CHECK_FALSE(d.decider.Observe(Observation{"other", true, 1, ""}, d.clock.Now(), &out));
  CHECK(out.empty());
}

TEST_CASE("failover decider: failback to a path never checked says so, not a length of time since 1970") {
  FailoverSpec spec;
  spec.failback_after = Duration(30000);
  spec.paths = {MakePath("primary", {}), MakePath("5g", {"slice"})};  // primary is always_up
  Driver d(spec);
  d.Probe("slice", true);
  REQUIRE(d.decider.active() == "primary");
  std::vector<Event> forced;
  REQUIRE(d.decider.Force("5g", d.clock.Now() + Duration(60000), d.clock.Now(), &forced).ok());
  REQUIRE(d.decider.active() == "5g");
  d.Advance(61000);
  auto back = d.Tick();
  REQUIRE(CountOf(back, EventType::kSwitch, "primary") == 1);
  CHECK(back.back().reason.find("failback: primary healthy since the start") == 0);
}
