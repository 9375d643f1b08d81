// The session around the decider: hooks run in order, a switch is recorded
// only when its actions succeeded, state survives a restart.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

#include "common/json_parse.h"
#include "tools/failover/session.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;
using namespace evt::failover::testing;

namespace {

ActionSpec Named(const char* program) {
  ActionSpec a;
  a.run = {program};
  return a;
}

FailoverSpec WithHooks() {
  FailoverSpec s = ThreePaths();
  s.paths[0].on_deactivate = {Named("deact-primary")};
  s.paths[0].on_down = {Named("down-primary")};
  s.paths[1].on_activate = {Named("act-5g"), Named("reload")};
  s.paths[2].on_activate = {Named("act-local")};
  return s;
}

// Records what ran; fails the programs in `failing`.
struct FakeHooks {
  std::vector<std::string> ran;
  std::vector<std::string> failing;
  std::function<void()> while_running;  // called as each action runs
  HookRunner Runner() {
    return [this](const std::vector<ActionSpec>& actions, const ActionContext& c, std::vector<ActionReport>* out) {
      for (const ActionSpec& a : actions) {
        ran.push_back(c.hook + ":" + a.run[0]);
        if (while_running) while_running();
        const bool ok = std::find(failing.begin(), failing.end(), a.run[0]) == failing.end();
        out->push_back({c.hook, c.path->name, a.run[0], ok, 1, 1.0, ok ? "" : "exit status 1"});
        if (!ok) return false;
      }
      return true;
    };
  }
};

struct Output {
  Output() : file(std::tmpfile()), writer(file) {}
  ~Output() { std::fclose(file); }
  std::vector<Value> Records() {
    writer.Flush();
    std::rewind(file);
    std::vector<Value> out;
    char line[8192];
    while (std::fgets(line, sizeof line, file)) out.push_back(*ParseJson(line, "out"));
    std::fseek(file, 0, SEEK_END);  // before the writer's next write
    return out;
  }
  std::FILE* file;
  RecordWriter writer;
};

std::string Events(const std::vector<Value>& records) {
  std::string s;
  for (const Value& r : records)
    s += r.find("event")->as_string() + ":" + r.find("path")->as_string() + ":" + r.find("active")->as_string() + " ";
  return s;
}

}  // namespace

TEST_CASE("failover session: hooks run one after another and deactivate before activate") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  FakeHooks hooks;
  Session session(WithHooks(), *store, out.writer, clock, hooks.Runner());
  REQUIRE(session.Start().ok());
  bool used = false;
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  CHECK(used);
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  CHECK(hooks.ran == std::vector<std::string>{"on_down:down-primary", "on_deactivate:deact-primary",
                                              "on_activate:act-5g", "on_activate:reload"});
  CHECK(Events(out.Records()) == "switch:primary:primary down:primary:primary switch:5g:5g ");
}

TEST_CASE("failover session: a failed activation is switch_failed, never a switch, and the next path takes over") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  FakeHooks hooks;
  hooks.failing = {"reload"};
  Session session(WithHooks(), *store, out.writer, clock, hooks.Runner());
  REQUIRE(session.Start().ok());
  bool used = false;
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  const std::vector<Value> records = out.Records();
  REQUIRE(records.size() == 4);
  CHECK(Events(records) ==
        "switch:primary:primary down:primary:primary switch_failed:5g:primary switch:local:local ");
  CHECK(records[2].find("reason")->as_string().find("on_activate of 5g failed: exit status 1") == 0);
  Result<std::optional<DeciderSnapshot>> saved = store->LoadSnapshot();
  REQUIRE(saved.ok());
  REQUIRE(*saved);
  CHECK((*saved)->active == "local");
  Result<std::vector<std::string>> history = store->History(10);
  REQUIRE(history.ok());
  CHECK(history->size() == 4);
}

namespace {

// primary fails over to 5g, then is healthy long enough to fail back.
FailoverSpec FailbackHooks() {
  FailoverSpec s = WithHooks();
  s.paths[0].on_activate = {Named("act-primary")};
  s.paths[1].on_deactivate = {Named("deact-5g")};
  return s;
}

std::string Ran(const std::vector<std::string>& ran, std::size_t from) {
  std::string s;
  for (std::size_t i = from; i < ran.size(); ++i) s += ran[i] + " ";
  return s;
}

}  // namespace

TEST_CASE("failover session: a failed failback activates the path it stays on again") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  FakeHooks hooks;
  Session session(FailbackHooks(), *store, out.writer, clock, hooks.Runner());
  REQUIRE(session.Start().ok());
  bool used = false;
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  hooks.failing = {"act-primary"};
  const std::size_t before = hooks.ran.size();
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  for (int i = 0; i < 3; ++i) REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  clock.Advance(Duration(30000));
  const std::size_t failback = hooks.ran.size();
  REQUIRE(session.Tick(clock.Now()).ok());
  CHECK(before < failback);
  CHECK(Ran(hooks.ran, failback) == "on_deactivate:deact-5g on_activate:act-primary on_activate:act-5g on_activate:reload ");
  const std::vector<Value> records = out.Records();
  REQUIRE(!records.empty());
  const Value& failed = records.back();
  CHECK(Events({failed}) == "switch_failed:primary:5g ");
  CHECK(failed.find("reason")->as_string().find("; staying on 5g, next try in 5s") != std::string::npos);
  CHECK(failed.find("actions")->as_array().size() == 4);
  CHECK((*store->LoadSnapshot())->active == "5g");
}

TEST_CASE("failover session: when the path it stays on cannot be activated again, no path is active") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  FakeHooks hooks;
  Session session(FailbackHooks(), *store, out.writer, clock, hooks.Runner());
  REQUIRE(session.Start().ok());
  bool used = false;
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  for (int i = 0; i < 3; ++i) REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  hooks.failing = {"act-primary", "act-5g"};
  clock.Advance(Duration(30000));
  REQUIRE(session.Tick(clock.Now()).ok());
  const std::vector<Value> records = out.Records();
  REQUIRE(records.size() >= 2);
  const Value& failed = records[records.size() - 2];
  CHECK(Events({failed, records.back()}) == "switch_failed:primary: switch:local:local ");
  CHECK(failed.find("reason")->as_string().find("on_activate of 5g failed too: exit status 1; no path is active") !=
        std::string::npos);
  CHECK(records.back().find("reason")->as_string().rfind("no path is active; local", 0) == 0);
  CHECK((*store->LoadSnapshot())->active == "local");
}

TEST_CASE("failover session: every record written is in the store first, with the state it announces") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  FakeHooks hooks;
  Session session(WithHooks(), *store, out.writer, clock, hooks.Runner());
  REQUIRE(session.Start().ok());
  // As if the decider were killed while an action runs: what is on stdout
  // then, and what a restart would resume from.
  std::vector<std::size_t> written, saved;
  std::optional<DeciderSnapshot> during_switch;
  hooks.while_running = [&] {
    written.push_back(out.Records().size());
    saved.push_back(store->History(100)->size());
    if (hooks.ran.back() == "on_activate:act-5g") during_switch = **store->LoadSnapshot();
  };
  bool used = false;
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  CHECK(written == saved);
  REQUIRE(during_switch);
  CHECK(during_switch->active == "primary");  // the switch to 5g is not announced yet

  Decider restarted(WithHooks());
  restarted.Restore(*during_switch);
  std::vector<Event> events;
  restarted.Observe({"uplink", false, 5, "refused"}, clock.Now(), &events);
  REQUIRE(events.size() == 1);  // no second "down": the switch is done again
  CHECK(events[0].type == EventType::kSwitch);
  CHECK(events[0].path == "5g");
}

TEST_CASE("failover store: a snapshot round-trips and requests are taken once") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Result<std::optional<DeciderSnapshot>> none = store->LoadSnapshot();
  REQUIRE(none.ok());
  CHECK_FALSE(*none);
  DeciderSnapshot s;
  s.active = "5g";
  s.active_since = At(1000);
  s.forced = "local";
  s.forced_until = At(5000);
  PathSnapshot p{"primary", 0, true, {2965.5, At(2000), At(2000), At(121000)}, std::nullopt};
  s.paths = {p, PathSnapshot{"5g", 4, false, {}, At(0)}};
  REQUIRE(store->Save(s, {"{\"kind\":\"failover\"}"}).ok());
  Result<std::optional<DeciderSnapshot>> back = store->LoadSnapshot();
  REQUIRE(back.ok());
  REQUIRE(*back);
  const DeciderSnapshot& b = **back;
  CHECK(b.active == "5g");
  CHECK(b.active_since == At(1000));
  CHECK(b.forced_until == At(5000));
  REQUIRE(b.paths.size() == 2);
  const PathSnapshot& bp = b.paths[0].name == "primary" ? b.paths[0] : b.paths[1];
  CHECK(bp.degraded);
  CHECK(bp.damping.penalty == Approx(2965.5));
  CHECK(bp.damping.suppressed_until == At(121000));
  CHECK_FALSE(bp.healthy_since);

  REQUIRE(store->RequestForce("5g", Duration(60000)).ok());
  REQUIRE(store->RequestRelease().ok());
  Result<std::vector<ForceRequest>> taken = store->TakeRequests();
  REQUIRE(taken.ok());
  REQUIRE(taken->size() == 2);
  CHECK((*taken)[0].path == "5g");
  CHECK((*taken)[0].how_long == Duration(60000));
  CHECK((*taken)[1].release);
  CHECK(store->TakeRequests()->empty());
}

TEST_CASE("failover session: beside the loop, a hanging action does not hold back the next failure") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Output out;
  ManualClock clock(At(0));
  std::atomic<bool> hanging{false}, let_go{false};
  HookRunner hooks = [&](const std::vector<ActionSpec>& actions, const ActionContext& c,
                         std::vector<ActionReport>* reports) {
    for (const ActionSpec& a : actions) {
      if (a.run[0] == "act-5g" && !let_go) {
        hanging = true;
        while (!let_go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      reports->push_back({c.hook, c.path->name, a.run[0], true, 1, 1.0, ""});
    }
    return true;
  };
  Session session(WithHooks(), *store, out.writer, clock, hooks);
  session.RunActionsBeside();
  REQUIRE(session.Start().ok());
  bool used = false;
  // until(done): ticks, as watch's loop does, until done() or 10 s.
  auto until = [&](const std::function<bool()>& done) {
    for (int i = 0; i < 10000 && !done(); ++i) {
      REQUIRE(session.Tick(clock.Now()).ok());
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
  };
  REQUIRE(session.Observe({"uplink", true, 5, ""}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"uplink", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(until([&] { return hanging.load(); }));  // on_down ran, then the switch to 5g began
  clock.Advance(Duration(500));
  REQUIRE(session.Observe({"slice", false, 5, "refused"}, clock.Now(), &used).ok());
  REQUIRE(session.Observe({"slice", false, 5, "refused"}, clock.Now(), &used).ok());
  // 5g's failure is out while its activation still hangs.
  CHECK(Events(out.Records()) == "switch:primary:primary down:primary:primary down:5g:primary ");
  let_go = true;
  REQUIRE(until([&] { return out.Records().size() == 5; }));
  CHECK(Events(out.Records()) ==
        "switch:primary:primary down:primary:primary down:5g:primary switch:5g:5g switch:local:local ");
  REQUIRE(session.Finish().ok());
  CHECK((*store->LoadSnapshot())->active == "local");
}
