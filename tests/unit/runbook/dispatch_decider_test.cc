#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/runbook/dispatch_decider.h"

namespace evt::runbook {
namespace {

using Action = Decision::Action;

TimePoint At(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  REQUIRE(t.ok());
  return *t;
}

TriggerRules Rules(std::string_view json) {
  Result<Value> v = ParseJson(json, "test");
  REQUIRE(v.ok());
  Result<ConfigObject> section = ConfigObject::FromValue(*v, "/runbook", ConfigOrigin{"event.json", "/"});
  REQUIRE(section.ok());
  Result<TriggerRules> rules = ReadTriggerRules(*section);
  INFO(rules.status().message());
  REQUIRE(rules.ok());
  return *rules;
}

struct Alert {
  std::string name = "UplinkDown";
  std::string site = "north";
  std::string status = "firing";
  std::string fingerprint = "fp-north";
  std::string starts_at = "2026-12-06T10:00:00Z";
};

Trigger Make(const Alert& a) {
  std::string body = R"({"version": "4", "groupKey": "{}:{alertname=\")" + a.name + R"(\"}", "alerts": [
    {"status": ")" + a.status + R"(", "labels": {"alertname": ")" + a.name + R"(", "site": ")" + a.site +
                     R"("}, "annotations": {"summary": ")" + a.name + " at " + a.site + R"("},
     "startsAt": ")" + a.starts_at + R"(", "fingerprint": ")" + a.fingerprint + R"("}]})";
  Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(body);
  INFO(body);
  REQUIRE(triggers.ok());
  REQUIRE(triggers->size() == 1);
  return (*triggers)[0];
}

class Harness {
 public:
  explicit Harness(std::string_view rules_json)
      : rules_(Rules(rules_json)), store_(Open()), clock_(At("2026-12-06T10:00:00Z")),
        dispatcher_(std::make_unique<Dispatcher>(store_, rules_, clock_)) {}

  std::vector<Decision> Offer(const Trigger& t, bool hold = false) {
    Result<std::vector<Decision>> d = dispatcher_->Offer(t, hold);
    INFO(d.status().message());
    REQUIRE(d.ok());
    return *d;
  }
  Decision OfferOne(const Trigger& t, bool hold = false) {
    std::vector<Decision> d = Offer(t, hold);
    REQUIRE(d.size() == 1);
    return d[0];
  }
  std::vector<Decision> Due(bool hold = false) {
    Result<std::vector<Decision>> d = dispatcher_->Due(hold);
    INFO(d.status().message());
    REQUIRE(d.ok());
    return *d;
  }
  void Finish(const Decision& d, bool ok = true) {
    REQUIRE(dispatcher_->LinkRun(d.id, "0123456789abcdef0123456789abcdef").ok());
    REQUIRE(dispatcher_->RunEnded(d.id, ok).ok());
  }
  // What `serve` does on a restart: a new dispatcher on the same store.
  void Restart() { dispatcher_ = std::make_unique<Dispatcher>(store_, rules_, clock_); }
  std::vector<DecisionRow> Audit() {
    Result<std::vector<DecisionRow>> rows = store_.ListDecisions(TimePoint{}, 1000);
    REQUIRE(rows.ok());
    return *rows;
  }

  ManualClock& clock() { return clock_; }
  Dispatcher& dispatcher() { return *dispatcher_; }

 private:
  static DispatchStore Open() {
    Result<DispatchStore> store = DispatchStore::OpenMemory();
    REQUIRE(store.ok());
    return std::move(*store);
  }

  TriggerRules rules_;
  DispatchStore store_;
  ManualClock clock_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

constexpr std::string_view kPlain = R"({"rules": [
  {"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "notify-oncall",
   "vars": {"message": "{{annotations.summary}}", "site": "{{labels.site}}", "status": "{{ status }}", "raw": "x {{y"},
   "approval": {"required": false}}],
  "dedup_ttl": "1h"})";

TEST_CASE("dispatch: a matching alert runs its runbook with vars from the alert, every decision is audited") {
  Harness h(kPlain);
  Decision d = h.OfferOne(Make({}));
  CHECK(d.action == Action::kRun);
  CHECK(d.rule == "uplink");
  CHECK(d.runbook == "notify-oncall");
  CHECK(d.vars.at("message") == "UplinkDown at north");
  CHECK(d.vars.at("site") == "north");
  CHECK(d.vars.at("status") == "firing");
  CHECK(d.vars.at("raw") == "x {{y");
  Decision other = h.OfferOne(Make({.name = "DiskFull", .fingerprint = "fp-disk"}));
  CHECK(other.action == Action::kNoMatch);
  std::vector<DecisionRow> audit = h.Audit();
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].action == "no_match");  // newest first
  CHECK(audit[1].id == d.id);
  CHECK(audit[1].action == "run");
  CHECK(audit[1].trigger.find("labels")->find("site")->as_string() == "north");
  CHECK(audit[1].vars.find("site")->as_string() == "north");
}

TEST_CASE("dispatch: retries and an HA pair's copy are duplicates inside the TTL, after it, a new run") {
  Harness h(kPlain);
  Decision first = h.OfferOne(Make({}));
  REQUIRE(first.action == Action::kRun);
  h.Finish(first);
  h.clock().Advance(std::chrono::seconds(5));
  CHECK(h.OfferOne(Make({})).action == Action::kDuplicate);  // a retry after a 500
  CHECK(h.OfferOne(Make({})).action == Action::kDuplicate);  // the other Alertmanager of the pair
  h.Restart();
  CHECK(h.OfferOne(Make({})).action == Action::kDuplicate);  // the ledger is durable
  h.clock().Advance(std::chrono::hours(1));
  CHECK(h.OfferOne(Make({})).action == Action::kRun);
}

TEST_CASE("dispatch: resolved and firing again later is a new situation, run again") {
  Harness h(R"({"rules": [{"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}},
    "runbook": "notify-oncall", "on_resolved": "notify-clear", "approval": {"required": false}}]})");
  Decision fire = h.OfferOne(Make({}));
  REQUIRE(fire.action == Action::kRun);
  h.Finish(fire);
  h.clock().Advance(std::chrono::minutes(1));
  Decision undo = h.OfferOne(Make({.status = "resolved"}));
  CHECK(undo.action == Action::kUndo);
  CHECK(undo.runbook == "notify-clear");
  CHECK(ShouldRun(undo));
  h.Finish(undo);
  CHECK(h.OfferOne(Make({.status = "resolved"})).action == Action::kDuplicate);
  h.clock().Advance(std::chrono::minutes(10));
  CHECK(h.OfferOne(Make({.starts_at = "2026-12-06T10:11:00Z"})).action == Action::kRun);
}

TEST_CASE("dispatch: a resolved alert with no on_resolved runs nothing and says so") {
  Harness h(kPlain);
  Decision d = h.OfferOne(Make({.status = "resolved"}));
  CHECK(d.action == Action::kNoMatch);
  CHECK_THAT(d.reason, Catch::Contains("no on_resolved"));
}

constexpr std::string_view kGrouped = R"({"rules": [
  {"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "notify-oncall",
   "group_by": ["alertname", "site"], "group_wait": "2s", "approval": {"required": false}}]})";

TEST_CASE("dispatch: a flapping alert inside the group wait makes one run, when the wait ends") {
  Harness h(kGrouped);
  CHECK(h.OfferOne(Make({})).action == Action::kGrouping);
  h.clock().Advance(std::chrono::milliseconds(500));
  CHECK(h.OfferOne(Make({.starts_at = "2026-12-06T10:00:00.500Z"})).action == Action::kGrouping);
  h.clock().Advance(std::chrono::milliseconds(500));
  CHECK(h.OfferOne(Make({.site = "south", .fingerprint = "fp-south"})).action == Action::kGrouping);
  CHECK(h.Due().empty());
  h.clock().Advance(std::chrono::milliseconds(1000));
  std::vector<Decision> due = h.Due();
  REQUIRE(due.size() == 1);  // north's wait ended; south's has 1 s to go
  CHECK(due[0].action == Action::kRun);
  CHECK_THAT(due[0].reason, Catch::Contains("group {alertname=UplinkDown,site=north} of 2 trigger(s)"));
  CHECK(h.Due().empty());
  h.clock().Advance(std::chrono::seconds(1));
  due = h.Due();
  REQUIRE(due.size() == 1);
  CHECK(due[0].action == Action::kBusy);  // notify-oncall still runs for north: concurrency one
}

TEST_CASE("dispatch: a restart inside the group wait still runs the group once") {
  Harness h(kGrouped);
  CHECK(h.OfferOne(Make({})).action == Action::kGrouping);
  h.Restart();
  h.clock().Advance(std::chrono::seconds(3));
  std::vector<Decision> due = h.Due();
  REQUIRE(due.size() == 1);
  CHECK(due[0].action == Action::kRun);
  CHECK(h.Due().empty());
}

TEST_CASE("dispatch: a firing source inhibits a target with equal labels, the reason is audited") {
  Harness h(R"({"rules": [
    {"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "notify-oncall", "approval": {"required": false}},
    {"name": "slow", "match": {"alertmanager": {"alertname": "CheckoutSlow"}}, "runbook": "diagnose", "approval": {"required": false}}],
    "inhibit": [{"source": {"alertname": "UplinkDown"}, "target": {"alertname": "CheckoutSlow"}, "equal": ["site"]}]})");
  h.Finish(h.OfferOne(Make({})));
  Decision inhibited = h.OfferOne(Make({.name = "CheckoutSlow", .fingerprint = "fp-slow-n"}));
  CHECK(inhibited.action == Action::kInhibited);
  CHECK_THAT(inhibited.reason, Catch::Contains("alertname=UplinkDown"));
  CHECK(h.Audit()[0].reason == inhibited.reason);
  // Another site's uplink is up: not inhibited.
  CHECK(h.OfferOne(Make({.name = "CheckoutSlow", .site = "south", .fingerprint = "fp-slow-s"})).action == Action::kRun);
  // The uplink resolves: the next firing of checkout-slow in the north runs.
  h.OfferOne(Make({.status = "resolved"}));
  CHECK(h.OfferOne(Make({.name = "CheckoutSlow", .fingerprint = "fp-slow-n", .starts_at = "2026-12-06T10:05:00Z"}))
            .action == Action::kBusy);  // diagnose still runs for the south
}

TEST_CASE("dispatch: rate limit per runbook, cool-down after a run, busy while one runs") {
  Harness h(R"({"rules": [{"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}},
    "runbook": "notify-oncall", "cooldown": "1m", "rate_limit": {"runs": 2, "per": "1h"}, "approval": {"required": false}}]})");
  int n = 0;
  auto next = [&] { return Make({.starts_at = "2026-12-06T10:00:0" + std::to_string(++n) + "Z"}); };
  Decision first = h.OfferOne(next());
  REQUIRE(first.action == Action::kRun);
  CHECK(h.OfferOne(next()).action == Action::kBusy);
  h.Finish(first);
  Decision cooling = h.OfferOne(next());
  CHECK(cooling.action == Action::kCoolingDown);
  CHECK_THAT(cooling.reason, Catch::Contains("cooldown 1m"));
  h.clock().Advance(std::chrono::minutes(2));
  Decision second = h.OfferOne(next());
  REQUIRE(second.action == Action::kRun);
  h.Finish(second);
  h.clock().Advance(std::chrono::minutes(2));
  Decision limited = h.OfferOne(next());
  CHECK(limited.action == Action::kRateLimited);
  CHECK_THAT(limited.reason, Catch::Contains("ran 2 times in the last 1h"));
  h.clock().Advance(std::chrono::hours(1));
  CHECK(h.OfferOne(next()).action == Action::kRun);
}

TEST_CASE("dispatch: a run that never reported its end stops counting as busy after the longest run") {
  Harness h(kPlain);
  REQUIRE(h.OfferOne(Make({})).action == Action::kRun);  // serve is killed before RunEnded
  h.Restart();
  h.clock().Advance(std::chrono::minutes(59));
  CHECK(h.OfferOne(Make({.starts_at = "2026-12-06T10:59:00Z"})).action == Action::kBusy);
  h.clock().Advance(std::chrono::minutes(1));
  CHECK(h.OfferOne(Make({.starts_at = "2026-12-06T11:00:00Z"})).action == Action::kRun);
}

TEST_CASE("dispatch: with the site hold set nothing runs, the audit says what would have") {
  Harness h(kPlain);
  Decision held = h.OfferOne(Make({}), /*hold=*/true);
  CHECK(held.action == Action::kHeldBack);
  CHECK(held.runbook == "notify-oncall");
  CHECK_THAT(held.reason, Catch::Contains("would have run notify-oncall"));
  CHECK(h.Audit()[0].action == "held_back");
  Harness grouped(kGrouped);
  grouped.OfferOne(Make({}), true);
  grouped.clock().Advance(std::chrono::seconds(2));
  std::vector<Decision> due = grouped.Due(true);
  REQUIRE(due.size() == 1);
  CHECK(due[0].action == Action::kHeldBack);
}

constexpr std::string_view kApproval = R"({"rules": [{"name": "budget", "match": {"record": {"kind": "budget"}},
  "runbook": "shed-non-essential", "approval": {"required": true, "timeout": "10m"}}]})";

Trigger BudgetPage(std::string ts) {
  std::optional<Trigger> t = TriggerFromRecord(Value::object(
      {{"kind", "budget"}, {"ts", std::move(ts)}, {"name", "uplink"}, {"state", "over"},
       {"alerts", Value::array({Value::object({{"severity", "page"}, {"firing", true}})})}}));
  REQUIRE(t);
  return *t;
}

TEST_CASE("dispatch: approval: nothing runs until a person approves, then it runs once") {
  Harness h(kApproval);
  Decision asked = h.OfferOne(BudgetPage("2026-12-06T10:00:00Z"));
  REQUIRE(asked.action == Action::kAwaitApproval);
  CHECK_THAT(asked.reason, Catch::Contains("evt-runbook approve " + asked.id));
  CHECK(h.Due().empty());
  Result<Decision> run = h.dispatcher().Approve(asked.id, "alice", false);
  REQUIRE(run.ok());
  CHECK(run->action == Action::kRun);
  CHECK(run->runbook == "shed-non-essential");
  CHECK_THAT(run->reason, Catch::Contains("approved by alice"));
  Result<Decision> again = h.dispatcher().Approve(asked.id, "bob", false);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == ExitCode::kDataErr);
  CHECK_THAT(again.status().message(), Catch::Contains("already approved by alice"));
  CHECK(h.dispatcher().Approve("nope", "bob", false).status().code() == ExitCode::kDataErr);
}

TEST_CASE("dispatch: approval: a denial and a timeout run nothing (the safe default)") {
  Harness h(kApproval);
  Decision denied = h.OfferOne(BudgetPage("2026-12-06T10:00:00Z"));
  REQUIRE(h.dispatcher().Deny(denied.id, "alice").ok());
  CHECK(h.Audit()[0].action == "denied");
  Decision waits = h.OfferOne(BudgetPage("2026-12-06T10:01:00Z"));
  REQUIRE(waits.action == Action::kAwaitApproval);
  h.clock().Advance(std::chrono::minutes(10));
  std::vector<Decision> due = h.Due();
  REQUIRE(due.size() == 1);
  CHECK(due[0].action == Action::kDenied);
  CHECK_THAT(due[0].reason, Catch::Contains("timed out"));
  CHECK(h.Due().empty());
  CHECK_THAT(h.dispatcher().Approve(waits.id, "late", false).status().message(), Catch::Contains("timed_out"));
}

TEST_CASE("dispatch: approval: on_timeout run runs when nobody answers") {
  Harness h(R"({"rules": [{"name": "budget", "match": {"record": {"kind": "budget"}},
    "runbook": "shed-non-essential", "approval": {"required": true, "timeout": "1m", "on_timeout": "run"}}]})");
  Decision waits = h.OfferOne(BudgetPage("2026-12-06T10:00:00Z"));
  REQUIRE(waits.action == Action::kAwaitApproval);
  h.clock().Advance(std::chrono::seconds(59));
  CHECK(h.Due().empty());
  h.clock().Advance(std::chrono::seconds(1));
  std::vector<Decision> due = h.Due();
  REQUIRE(due.size() == 1);
  CHECK(due[0].action == Action::kRun);
}

TEST_CASE("dispatch: a flow failure streak starts the runbook at the Nth failure in a row") {
  Harness h(R"({"rules": [{"name": "buy", "match": {"record": {"kind": "flow"}}, "runbook": "failover-to-local",
    "streak": 3, "approval": {"required": false}}]})");
  int n = 0;
  auto flow = [&](bool ok) {
    std::optional<Trigger> t = TriggerFromRecord(Value::object(
        {{"kind", "flow"}, {"ts", "2026-12-06T10:00:0" + std::to_string(++n) + "Z"}, {"target", "shop"}, {"flow", "buy"}, {"ok", ok}}));
    REQUIRE(t);
    return *t;
  };
  CHECK(h.OfferOne(flow(false)).action == Action::kStreak);
  CHECK(h.OfferOne(flow(false)).action == Action::kStreak);
  h.OfferOne(flow(true));  // a success resets the streak
  CHECK(h.OfferOne(flow(false)).action == Action::kStreak);
  CHECK(h.OfferOne(flow(false)).action == Action::kStreak);
  Decision d = h.OfferOne(flow(false));
  CHECK(d.action == Action::kRun);
  CHECK(d.runbook == "failover-to-local");
}

TEST_CASE("dispatch: a resolved record no rule watches leaves no audit line") {
  Harness h(kPlain);
  std::optional<Trigger> ok = TriggerFromRecord(Value::object({{"kind", "flow"}, {"ok", true}}));
  REQUIRE(ok);
  CHECK(h.Offer(*ok).empty());
  CHECK(h.Audit().empty());
}

}  // namespace
}  // namespace evt::runbook
