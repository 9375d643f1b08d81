// `route show [ROUTE]` and `route set ROUTE --split M=P,...`: each route's
// desired weights beside what its proxy reads back, and a one-shot apply
// outside the daemon. `set` is refused while a watch daemon runs on the
// same state: the daemon owns the routes and would put its own weights back
// at its next decision, so an operator's split would last a moment and
// then be silently undone (doc/design.md §16).
#include <iostream>

#include "common/clock.h"
#include "common/command_access.h"
#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/state_root.h"
#include "tools/failover/canary_store.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/route_reconcile.h"
#include "tools/failover/route_record.h"
#include "tools/failover/route_store.h"
#include "tools/failover/route_split.h"
#include "tools/failover/steering_driver_factory.h"

namespace evt::failover {
namespace {

std::vector<std::string> MemberNames(const RouteSpec& r) {
  std::vector<std::string> names;
  for (const RouteMember& m : r.members) names.push_back(m.name);
  return names;
}

// The weights the config asks for with every member carrying its share;
// what the watch daemon last applied (members down, ramps) is "applied".
SplitResult ConfiguredWeights(const RouteSpec& r) {
  const std::vector<std::string> names = MemberNames(r);
  if (r.prefers()) return WeightsForPrefer(names, r.prefer, std::vector<bool>(names.size(), true));
  return WeightsForSplit(names, r.split, std::vector<double>(names.size(), 1.0));
}

std::string Compact(const Value& v) {
  Result<std::string> json = ToJson(v);
  return json.ok() ? *json : "?";
}


Value ReadBackObject(const BackendState& state) {
  Value v = Value::object();
  for (const MemberState& m : state.members) v.set(m.member, m.weight);
  return v;
}

Value RouteRecord(const RouteSpec& r, const std::vector<MemberWeight>& desired, TimePoint now) {
  Value rec = Value::object({{"kind", "failover.route"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"route", r.name},
                             {"essential", r.essential}, {"backend", r.backend}});
  if (r.prefers()) {
    Value prefer = Value::array();
    for (const std::string& p : r.prefer) prefer.push_back(p);
    rec.set("prefer", std::move(prefer));
  } else {
    Value split = Value::object();
    for (std::size_t i = 0; i < r.members.size(); ++i) split.set(r.members[i].name, r.split[i]);
    rec.set("split", std::move(split));
  }
  rec.set("desired", WeightsValue(desired));
  return rec;
}

// Completes `rec` with what the driver reads back; returns the read's status.
Status AddReadBack(Value& rec, SteeringDriver* driver, const Result<BackendState>& read,
                   const std::vector<MemberWeight>& desired) {
  if (driver) rec.set("driver", driver->Name());
  if (!read.ok()) {
    rec.set("verified", false);
    rec.set("error", read.status().message());
    return read.status();
  }
  rec.set("algorithm", read->algorithm);
  rec.set("read_back", ReadBackObject(*read));
  rec.set("verified", CarriesWeights(desired, *read));
  return Status::Ok();
}

Status Print(const Options& o, const std::vector<Value>& records) {
  if (WantRecords(o.common)) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    for (const Value& r : records) EVT_RETURN_IF_ERROR(out.Write(r));
    return out.Flush();
  }
  for (const Value& r : records) {
    std::cout << r.find("route")->as_string() << " (" << r.find("backend")->as_string() << "): desired "
              << Compact(*r.find("desired"));
    const Value* error = r.find("error");
    if (error) {
      std::cout << "; read back failed: " << error->as_string() << "\n";
      continue;
    }
    std::cout << ", read back " << Compact(*r.find("read_back"))
              << (r.find("verified")->as_bool() ? "" : " (differs)") << "\n";
  }
  return Status::Ok();
}

Result<std::vector<const RouteSpec*>> SelectRoutes(const FailoverConfig& config, const std::string& name) {
  std::vector<const RouteSpec*> out;
  for (const RouteSpec& r : config.routes.routes)
    if (name.empty() || r.name == name) out.push_back(&r);
  if (!name.empty() && out.empty()) return Status::Usage("route: no route \"" + name + "\" in the config");
  if (out.empty()) return Status::Usage("route: the config has no failover.routes");
  return out;
}

Status RefuseWhileDaemonRuns(const Options& o) {
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(std::vector<Beat> beats, ReadBeats(dir));
  std::optional<Beat> live = FindLive(beats, {kWatchDaemon}, SystemClock().Now());
  if (!live) return Status::Ok();
  return Status::Unavailable("route set: evt-failover watch (pid " + std::to_string(live->pid) + " on " + live->host +
                             ") owns the routes of " + dir +
                             " and would put its own weights back; nothing changed (stop it, or change the "
                             "config's split and restart it)");
}

// A canary's lease owns the route's weights (doc/design.md §19): a split
// set by hand would undo its step under it.
Status RefuseWhileCanaryHolds(const Options& o, const std::string& route) {
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(CanaryStore store, CanaryStore::OpenReadOnly(dir));
  EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> run, store.Load(route));
  if (!run || !run->Leases()) return Status::Ok();
  return Status::Unavailable("route set " + route + ": a canary of " + run->canary + " " +
                             std::string(CanaryStateName(run->state)) + " holds this route; end it with `canary abort " +
                             route + "` first");
}

}  // namespace

Status RunRouteShow(const Options& o) {
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  EVT_ASSIGN_OR_RETURN(std::vector<const RouteSpec*> routes, SelectRoutes(config, o.route));
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(dir));
  EVT_ASSIGN_OR_RETURN(std::vector<AppliedWeights> applied, store.LoadApplied());
  const TimePoint now = SystemClock().Now();
  std::vector<Value> records;
  Status first = Status::Ok();
  for (const RouteSpec* r : routes) {
    const std::vector<MemberWeight> desired = ConfiguredWeights(*r).weights;
    Value rec = RouteRecord(*r, desired, now);
    for (const AppliedWeights& a : applied) {
      if (a.route != r->name) continue;
      rec.set("applied", WeightsValue(a.weights));
      rec.set("applied_at", FormatRfc3339(a.at));
    }
    Result<std::unique_ptr<SteeringDriver>> driver = MakeSteeringDriver(r->driver);
    Result<BackendState> read = driver.ok() ? (*driver)->Read(r->backend) : Result<BackendState>(driver.status());
    Status s = AddReadBack(rec, driver.ok() ? driver->get() : nullptr, read, desired);
    if (first.ok() && !s.ok()) first = s.Prefixed("route " + r->name);
    records.push_back(std::move(rec));
  }
  EVT_RETURN_IF_ERROR(Print(o, records));
  return first;
}

Status RunRouteSet(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("route set"));
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  EVT_ASSIGN_OR_RETURN(std::vector<const RouteSpec*> routes, SelectRoutes(config, o.route));
  const RouteSpec& r = *routes.front();
  const std::vector<std::string> names = MemberNames(r);
  EVT_ASSIGN_OR_RETURN(std::vector<int> split, ParseSplitText(o.split, names));
  EVT_RETURN_IF_ERROR(RefuseWhileDaemonRuns(o));
  EVT_RETURN_IF_ERROR(RefuseWhileCanaryHolds(o, r.name));
  const SplitResult weights = WeightsForSplit(names, split, std::vector<double>(names.size(), 1.0));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<SteeringDriver> driver, MakeSteeringDriver(r.driver));
  Result<BackendState> applied = driver->ApplyWeights(r.backend, weights.weights);
  Value rec = RouteRecord(r, weights.weights, SystemClock().Now());
  Status read = AddReadBack(rec, driver.get(), applied, weights.weights);
  EVT_RETURN_IF_ERROR(Print(o, {rec}));
  if (!read.ok()) return read.Prefixed("route set " + r.name);
  if (rec.find("verified")->as_bool()) {
    EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
    EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(dir));
    EVT_RETURN_IF_ERROR(store.SaveApplied(AppliedWeights{r.name, weights.weights, SystemClock().Now()}));
  }
  if (!rec.find("verified")->as_bool())
    return Status::CheckFailed("route set " + r.name + ": " + driver->Name() + " reads back " +
                               Compact(*rec.find("read_back")) + ", not " + WeightsText(weights.weights));
  return Status::Ok();
}

}  // namespace evt::failover

namespace evt::failover {

void AddRouteCommands(CLI::App& app, Options& o) {
  CLI::App* route = app.add_subcommand("route", "show the routes' weights, or set a route's split once");
  route->require_subcommand(1);
  CLI::App* show = route->add_subcommand("show", "each route's desired weights beside what its proxy reads back");
  MarkReadOnly(*show);
  show->parse_complete_callback([&o] { o.command = Command::kRouteShow; });
  show->add_option("ROUTE", o.route, "only this route");
  CLI::App* set = route->add_subcommand(
      "set", "apply a split to ROUTE's proxy now and read it back (exit 1 when the read-back differs); refused "
             "while evt-failover watch runs on this state, since it owns the routes");
  set->parse_complete_callback([&o] { o.command = Command::kRouteSet; });
  set->add_option("ROUTE", o.route, "the route (a name from failover.routes)")->required();
  set->add_option("--split", o.split, "percent per member, summing to 100: cache=70,origin=30")
      ->type_name("M=P,...")
      ->required();
}

}  // namespace evt::failover
