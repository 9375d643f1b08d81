#include <catch2/catch.hpp>

#include <deque>
#include <functional>

#include "tools/failover/canary_run.h"

using namespace evt;
using namespace evt::failover;

namespace {

TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }

// A proxy in memory that keeps every weight set and admin change.
class RecordingDriver final : public SteeringDriver {
 public:
  std::string Name() const override { return "fake:reads"; }
  Result<BackendState> Read(const std::string&) override { return state; }
  Result<BackendState> ApplyWeights(const std::string&, const std::vector<MemberWeight>& weights) override {
    if (refuse_after == 0) refuse = true;
    if (refuse_after >= 0) --refuse_after;
    if (refuse) return Status::Unavailable("proxy refused");
    applied.push_back(weights);
    state.members.clear();
    for (const MemberWeight& w : weights) state.members.push_back(MemberState{w.member, w.weight, AdminState::kReady, true});
    return state;
  }
  Result<BackendState> SetAdmin(const std::string&, const std::string& member, AdminState admin) override {
    if (refuse_admin) return Status::Unavailable("no such server");
    admins.push_back(member + (admin == AdminState::kDrain ? ":drain" : admin == AdminState::kMaint ? ":maint" : ":ready"));
    return state;
  }
  Result<std::string> EnterReduced(const std::vector<ClassLimit>&) override { return std::string(); }
  Status LeaveReduced(const std::string&) override { return Status::Ok(); }

  int CanaryWeight(std::size_t apply) const {
    for (const MemberWeight& w : applied.at(apply))
      if (w.member == "v2") return w.weight;
    return -1;
  }

  BackendState state{"reads", "roundrobin", {}};
  std::vector<std::vector<MemberWeight>> applied;
  std::vector<std::string> admins;
  bool refuse = false;
  int refuse_after = -1;  // applies that go through before refusing
  bool refuse_admin = false;
};

// Each Collect takes the step's window on the ManualClock and hands the
// judge the next scripted verdict through the samples' request count.
class ScriptedSampler final : public CanarySampler {
 public:
  explicit ScriptedSampler(ManualClock* clock) : clock_(clock) {}
  Result<CanaryStepSamples> Collect(const CanarySide& baseline, const CanarySide& canary, const std::string&,
                                    SteeringDriver&, Duration window) override {
    sides.emplace_back(baseline.member ? baseline.member->name : "?", canary.member ? canary.member->name : "?");
    clock_->Advance(window);
    ++collected;
    if (during) during();
    return CanaryStepSamples{{CanaryMetricSamples{}}, {CanaryMetricSamples{}}};
  }
  std::vector<std::pair<std::string, std::string>> sides;
  int collected = 0;
  std::function<void()> during;  // runs inside each window

 private:
  ManualClock* clock_;
};

struct Rig {
  Rig() {
    spec.steps = {5, 50, 100};
    spec.interval = Duration(1000);
    spec.failed_steps = 2;
    spec.recollect = 1;
    spec.hooks.pre_rollout = "pre";
    spec.hooks.promote = "promote";
    spec.hooks.rollback = "rollback";
    spec.hooks.confirm_promotion = true;
    RouteSpec route;
    route.name = "reads";
    route.backend = "reads";
    route.members = {RouteMember{"v1", {"v1-health"}, 1, 3, 2, ""}, RouteMember{"v2", {"v2-health"}, 1, 3, 2, ""}};
    route.split = {100, 0};
    members = route.members;
    Result<CanaryPlan> p = PlanCanary(route, "v2", spec.steps);
    REQUIRE(p.ok());
    plan = *p;
    Result<CanaryStore> s = CanaryStore::OpenMemory();
    REQUIRE(s.ok());
    store.emplace(std::move(*s));
  }

  CanarySeams Seams() {
    CanarySeams s;
    s.driver = &driver;
    s.sampler = &sampler;
    s.store = &*store;
    s.clock = &clock;
    s.judge = [this](const CanaryStepSamples&) {
      CanaryJudgement j;
      j.verdict = verdicts.empty() ? CanaryVerdict::kPass : verdicts.front();
      if (!verdicts.empty()) verdicts.pop_front();
      j.score = j.verdict == CanaryVerdict::kPass ? 100 : 50;
      j.metrics = {CanaryMetricResult{"latency", j.verdict, "scripted", 0.5, 1, 0, 2, 50, 50}};
      return j;
    };
    s.run_hook = [this](CanaryHook hook, const CanaryHookContext& context) {
      const std::optional<std::string>& name = hook == CanaryHook::kPreRollout ? spec.hooks.pre_rollout
                                               : hook == CanaryHook::kPromote  ? spec.hooks.promote
                                                                               : spec.hooks.rollback;
      CanaryHookOutcome out;
      out.hook = hook;
      if (!name) return out;
      out.runbook = *name;
      hooks.push_back(*name);
      contexts.push_back(context);
      if (*name == failing_hook) out.status = Status::CheckFailed(std::string(CanaryHookName(hook)) + " hook: runbook " + *name + " exited 1");
      return out;
    };
    s.confirm = [this](const CanaryHookContext&) {
      if (!spec.hooks.confirm_promotion) return PromotionConsent::kGiven;
      ++asked;
      return confirm;
    };
    s.held = [this](TimePoint now) -> std::optional<std::string> {
      if (hold_after_collects >= 0 && sampler.collected >= hold_after_collects) return "held by ana@gate-1";
      (void)now;
      return std::nullopt;
    };
    s.emit = [this](const Value& r) {
      events.push_back(r.find("event")->as_string());
      records.push_back(r);
      return Status::Ok();
    };
    s.stop_requested = [] { return false; };
    return s;
  }

  Result<CanaryOutcome> Run() {
    CanaryRun fresh;
    fresh.route = plan.route;
    fresh.canary = plan.canary;
    fresh.baseline = plan.baseline;
    fresh.steps = plan.steps;
    fresh.holder = ThisHolder();
    fresh.started = fresh.updated = clock.Now();
    Result<CanaryRun> run = store->Acquire(fresh);
    REQUIRE(run.ok());
    CanaryRunner runner(spec, plan, members, Seams());
    return runner.Run(*run);
  }

  CanaryRun Stored() {
    Result<std::optional<CanaryRun>> run = store->Load("reads");
    REQUIRE(run.ok());
    REQUIRE(run->has_value());
    return **run;
  }

  CanarySpec spec;
  CanaryPlan plan;
  std::vector<RouteMember> members;
  ManualClock clock{At(0)};
  RecordingDriver driver;
  ScriptedSampler sampler{&clock};
  std::optional<CanaryStore> store;
  std::deque<CanaryVerdict> verdicts;
  std::vector<std::string> hooks, events;
  std::vector<Value> records;
  std::string failing_hook;
  PromotionConsent confirm = PromotionConsent::kGiven;
  std::vector<CanaryHookContext> contexts;
  int asked = 0;
  int hold_after_collects = -1;
};

}  // namespace

TEST_CASE("canary run: a good build steps to 100 %, the old member is drained then in maintenance, promote runs") {
  Rig rig;
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kPromoted);
  CHECK(CanaryExitStatus(rig.plan, *out).ok());
  REQUIRE(rig.driver.applied.size() == 3);
  CHECK(rig.driver.CanaryWeight(0) == 1);  // 5 / 95 is 1 / 19
  CHECK(rig.driver.CanaryWeight(2) == 1);  // 100 / 0
  CHECK(rig.driver.admins == std::vector<std::string>{"v1:drain", "v1:maint"});
  CHECK(rig.hooks == std::vector<std::string>{"pre", "promote"});
  CHECK(rig.asked == 1);
  CHECK(rig.sampler.sides.front() == std::pair<std::string, std::string>{"v1", "v2"});
  CHECK(rig.clock.Now() == At(3000));
  REQUIRE(rig.contexts.size() == 2);
  CHECK(rig.contexts[1].step == 100);
  CHECK(rig.contexts[1].verdict == "pass");
  CHECK(rig.contexts[1].baseline == std::vector<std::string>{"v1"});
  CanaryRun stored = rig.Stored();
  CHECK(stored.state == CanaryState::kPromoted);
  CHECK_FALSE(stored.Leases());
  Result<std::vector<CanaryStepRow>> steps = rig.store->Steps("reads", 10);
  REQUIRE(steps.ok());
  CHECK(steps->size() == 3);
  CHECK(rig.events == std::vector<std::string>{"start", "weights", "step", "weights", "step", "weights", "step", "promote"});
  const Value& step = rig.records[2];
  CHECK(step.find("kind")->as_string() == "failover.canary");
  CHECK(step.find("verdict")->as_string() == "pass");
  CHECK(step.find("percent")->as_int() == 5);
  CHECK(step.find("metrics")->as_array().size() == 1);
}

TEST_CASE("canary run: a bad build rolls back when failed_steps is reached, not before") {
  Rig rig;
  rig.verdicts = {CanaryVerdict::kPass, CanaryVerdict::kFail, CanaryVerdict::kFail};
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(CanaryExitStatus(rig.plan, *out).code() == ExitCode::kCheckFailed);
  CHECK(out->why.find("2 failed steps reached failed_steps 2 at step 2/3 (50 %)") != std::string::npos);
  CHECK(rig.sampler.collected == 3);  // the failed step was judged again once
  CHECK(rig.driver.CanaryWeight(rig.driver.applied.size() - 1) == 0);
  CHECK(rig.driver.admins == std::vector<std::string>{"v2:drain"});
  CHECK(rig.hooks == std::vector<std::string>{"pre", "rollback"});
  CHECK(rig.Stored().state == CanaryState::kRolledBack);
  CHECK(rig.events.back() == "rollback");
}

TEST_CASE("canary run: with failed_steps 1 the first failed step rolls back") {
  Rig rig;
  rig.spec.failed_steps = 1;
  rig.verdicts = {CanaryVerdict::kFail};
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(rig.sampler.collected == 1);
}

TEST_CASE("canary run: inconclusive is collected again, then holds with the weights and the lease in place") {
  Rig rig;
  rig.verdicts = {CanaryVerdict::kInconclusive, CanaryVerdict::kInconclusive};
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kHolding);
  CHECK(CanaryExitStatus(rig.plan, *out).code() == ExitCode::kTempFail);
  CHECK(rig.sampler.collected == 2);
  CHECK(rig.driver.applied.size() == 1);
  CHECK(rig.driver.admins.empty());
  CanaryRun stored = rig.Stored();
  CHECK(stored.state == CanaryState::kHolding);
  CHECK(stored.Leases());
  CHECK(stored.step == 0);
  CHECK(stored.passed == -1);
  CHECK(rig.hooks == std::vector<std::string>{"pre"});

  SECTION("a rerun resumes at the held step without the pre_rollout hook and can promote") {
    rig.hooks.clear();
    rig.events.clear();
    Result<CanaryOutcome> again = rig.Run();
    REQUIRE(again.ok());
    CHECK(again->end == CanaryEnd::kPromoted);
    CHECK(rig.hooks == std::vector<std::string>{"promote"});
    CHECK(rig.events.front() == "resume");
  }
}

TEST_CASE("canary run: marginal is collected again, then counts as a failed step") {
  Rig rig;
  rig.spec.failed_steps = 1;
  rig.verdicts = {CanaryVerdict::kMarginal, CanaryVerdict::kPass, CanaryVerdict::kMarginal, CanaryVerdict::kMarginal};
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(rig.sampler.collected == 4);
  CHECK(rig.records[rig.records.size() - 2].find("counted_as")->as_string() == "fail");
}

TEST_CASE("canary run: a restart mid-canary resumes after the last passed step with its failures counted") {
  Rig rig;
  CanaryRun interrupted;
  interrupted.route = "reads";
  interrupted.canary = "v2";
  interrupted.baseline = {"v1"};
  interrupted.steps = rig.plan.steps;
  interrupted.step = 1;    // 50 % was in force
  interrupted.passed = 0;  // 5 % had passed
  interrupted.failed = 1;
  interrupted.holder = LeaseHolder{99'999'999, 1, ThisHolder().host};
  REQUIRE(rig.store->Acquire(interrupted).ok());
  rig.verdicts = {CanaryVerdict::kFail};  // the second failure: failed_steps 2 reached
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(rig.hooks == std::vector<std::string>{"rollback"});
  // 50 % was still in force: judged afresh there, not re-applied.
  CHECK(rig.driver.applied.size() == 1);
  CHECK(rig.driver.CanaryWeight(0) == 0);
  CHECK(rig.sampler.collected == 1);
}

TEST_CASE("canary run: the site hold stops it between steps, lease kept, and a rerun goes on") {
  Rig rig;
  rig.hold_after_collects = 1;
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kHolding);
  CHECK(out->why.find("held by ana@gate-1") != std::string::npos);
  CHECK(out->why.find("before step 2/3") != std::string::npos);
  CHECK(rig.driver.applied.size() == 1);
  CHECK(rig.Stored().passed == 0);
  rig.hold_after_collects = -1;
  Result<CanaryOutcome> again = rig.Run();
  REQUIRE(again.ok());
  CHECK(again->end == CanaryEnd::kPromoted);
  CHECK(rig.sampler.collected == 3);
}

TEST_CASE("canary run: headless without --yes holds before the last step and a person declining rolls back") {
  Rig rig;
  rig.confirm = PromotionConsent::kNeedsYes;
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kHolding);
  CHECK(out->why.find("promotion needs a person's confirmation") != std::string::npos);
  CHECK(rig.driver.applied.size() == 2);
  CHECK(rig.driver.CanaryWeight(1) == 1);  // 50 %
  CHECK(rig.Stored().Leases());
  SECTION("declined") {
    Rig no;
    no.confirm = PromotionConsent::kDeclined;
    Result<CanaryOutcome> back = no.Run();
    REQUIRE(back.ok());
    CHECK(back->end == CanaryEnd::kRolledBack);
    CHECK(back->why == "promotion declined");
  }
  SECTION("without confirm_promotion nobody is asked") {
    Rig quiet;
    quiet.confirm = PromotionConsent::kNeedsYes;
    quiet.spec.hooks.confirm_promotion = false;
    Result<CanaryOutcome> promoted = quiet.Run();
    REQUIRE(promoted.ok());
    CHECK(promoted->end == CanaryEnd::kPromoted);
    CHECK(quiet.asked == 0);
  }
}

TEST_CASE("canary run: an abort request rolls back at the next step and the daemon's canary-down mark fails a step") {
  Rig rig;
  rig.spec.failed_steps = 1;
  SECTION("abort") {
    rig.verdicts = {CanaryVerdict::kPass};
    rig.sampler.collected = 0;
    REQUIRE(rig.store->Acquire(CanaryRun{"reads", "v2", {"v1"}, rig.plan.steps, -1, -1, 0, CanaryState::kRunning, "",
                                         LeaseHolder{99'999'999, 1, ThisHolder().host}, At(0), At(0), false, std::nullopt})
                .ok());
    REQUIRE(rig.store->RequestAbort("reads").ok());
    Result<CanaryOutcome> out = rig.Run();
    REQUIRE(out.ok());
    CHECK(out->end == CanaryEnd::kRolledBack);
    CHECK(out->why == "aborted by `canary abort`");
    CHECK(rig.sampler.collected == 0);
  }
  SECTION("canary down") {
    REQUIRE(rig.store->Acquire(CanaryRun{"reads", "v2", {"v1"}, rig.plan.steps, -1, -1, 0, CanaryState::kRunning, "",
                                         LeaseHolder{99'999'999, 1, ThisHolder().host}, At(0), At(0), false, std::nullopt})
                .ok());
    REQUIRE(rig.store->MarkCanaryDown("reads", At(10)).ok());
    Result<CanaryOutcome> out = rig.Run();
    REQUIRE(out.ok());
    CHECK(out->end == CanaryEnd::kRolledBack);
    CHECK(rig.records[rig.records.size() - 2].find("judged")->as_string().find("v2 failed its checks") == 0);
  }
}

TEST_CASE("canary run: a failed pre_rollout hook changes nothing and a failed rollback hook is exit 1 all the same") {
  Rig rig;
  rig.failing_hook = "pre";
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(rig.driver.applied.empty());
  CHECK(out->why == "pre_rollout hook: runbook pre exited 1");

  Rig other;
  other.failing_hook = "rollback";
  other.spec.failed_steps = 1;
  other.verdicts = {CanaryVerdict::kFail};
  Result<CanaryOutcome> back = other.Run();
  REQUIRE(back.ok());
  CHECK(back->end == CanaryEnd::kRolledBack);
  CHECK(CanaryExitStatus(other.plan, *back).message().find("rollback hook: runbook rollback exited 1") != std::string::npos);
}

TEST_CASE("canary run: a proxy refusing the step holds with its words, weights as they were") {
  Rig rig;
  rig.driver.refuse = true;
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kHolding);
  CHECK(out->why == "step 1/3 (5 %) not applied: proxy refused");
  CHECK(rig.sampler.collected == 0);
}

TEST_CASE("canary run: a rerun finishes a rollback or a promotion the proxy stopped half-way") {
  Rig rig;
  rig.spec.failed_steps = 1;
  rig.verdicts = {CanaryVerdict::kFail};
  rig.driver.refuse_after = 1;  // the step applies, the rollback does not
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kHolding);
  CHECK(out->why.find("rollback (") == 0);
  CHECK(rig.Stored().Leases());
  rig.driver.refuse_after = -1;
  rig.driver.refuse = false;
  Result<CanaryOutcome> again = rig.Run();
  REQUIRE(again.ok());
  CHECK(again->end == CanaryEnd::kRolledBack);
  CHECK(rig.sampler.collected == 1);
  CHECK(rig.driver.CanaryWeight(rig.driver.applied.size() - 1) == 0);

  Rig promote;
  promote.driver.refuse_admin = true;
  Result<CanaryOutcome> stuck = promote.Run();
  REQUIRE(stuck.ok());
  CHECK(stuck->end == CanaryEnd::kHolding);
  CHECK(stuck->why.find("promotion: v1 not taken out") == 0);
  promote.driver.refuse_admin = false;
  Result<CanaryOutcome> done = promote.Run();
  REQUIRE(done.ok());
  CHECK(done->end == CanaryEnd::kPromoted);
  CHECK(promote.sampler.collected == 3);  // no step judged again
}

TEST_CASE("canary run: an abort requested during a window rolls back before that window is judged") {
  Rig rig;
  rig.sampler.during = [&rig] {
    if (rig.sampler.collected == 2) REQUIRE(rig.store->RequestAbort("reads").ok());
  };
  Result<CanaryOutcome> out = rig.Run();
  REQUIRE(out.ok());
  CHECK(out->end == CanaryEnd::kRolledBack);
  CHECK(out->why == "aborted by `canary abort`");
  Result<std::vector<CanaryStepRow>> steps = rig.store->Steps("reads", 10);
  REQUIRE(steps.ok());
  CHECK(steps->size() == 1);  // the aborted window was not judged
  CHECK(rig.hooks == std::vector<std::string>{"pre", "rollback"});
}
