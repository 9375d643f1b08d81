// `evt-failover mode [normal|reduced] [--for T]`: shows the mode in force,
// or asks for one. With a watch daemon running on the state, the request
// goes to it through failover.db (as force does) and the command waits for
// the daemon's `mode` record, so the answer is what the proxies confirmed;
// without one it says "no daemon is running: applied directly" and applies
// the mode itself. Never a silent no-op (doc/design.md §16).
#include <chrono>
#include <iostream>
#include <thread>

#include "common/clock.h"
#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/site_hold.h"
#include "common/state_root.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/route_mode.h"
#include "tools/failover/route_record.h"
#include "tools/failover/route_store.h"
#include "tools/failover/steering_driver_factory.h"

namespace evt::failover {
namespace {

constexpr Duration kPollEvery{100};

Status PrintRecord(const Options& o, const Value& record) {
  if (WantRecords(o.common)) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    EVT_RETURN_IF_ERROR(out.Write(record));
    return out.Flush();
  }
  const Value* error = record.find("error");
  const Value* until = record.find("until");
  std::cout << "mode " << record.find("mode")->as_string() << (until ? " until " + until->as_string() : "") << ": "
            << record.find("reason")->as_string() << (error ? "; failed: " + error->as_string() : "") << "\n";
  return Status::Ok();
}

Value ModeStateRecord(const ModeState& m, TimePoint now) {
  Value r = Value::object({{"kind", "failover.mode"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"mode", m.mode}});
  if (m.mode == "reduced") {
    r.set("since", FormatRfc3339(m.since));
    r.set("by", m.by);
    if (m.until) r.set("until", FormatRfc3339(*m.until));
    Value proxies = Value::array();
    for (const auto& [driver, token] : m.restore_tokens) proxies.push_back(driver);
    r.set("proxies", std::move(proxies));
  }
  return r;
}

Status ShowMode(const Options& o, RouteStore& store) {
  EVT_ASSIGN_OR_RETURN(ModeState m, store.LoadMode());
  const Value r = ModeStateRecord(m, SystemClock().Now());
  if (WantRecords(o.common)) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    EVT_RETURN_IF_ERROR(out.Write(r));
    return out.Flush();
  }
  std::cout << "mode " << m.mode;
  if (m.mode == "reduced")
    std::cout << " since " << FormatRfc3339(m.since) << " by " << m.by
              << (m.until ? " until " + FormatRfc3339(*m.until) : std::string(" until `mode normal`"));
  std::cout << "\n";
  return Status::Ok();
}

// The outcome of the mode the daemon recorded after `marker`, if any yet.
std::optional<Value> ModeRecordAfter(const std::vector<std::string>& history, const std::string& marker) {
  std::size_t from = 0;
  for (std::size_t i = history.size(); i > 0; --i)
    if (!marker.empty() && history[i - 1] == marker) {
      from = i;
      break;
    }
  for (std::size_t i = from; i < history.size(); ++i) {
    Result<Value> r = ParseJson(history[i], "history");
    const Value* event = r.ok() ? r->find("event") : nullptr;
    if (event && event->is_string() && event->as_string() == "mode") return *r;
  }
  return std::nullopt;
}

Status Outcome(const Options& o, const Value& record) {
  EVT_RETURN_IF_ERROR(PrintRecord(o, record));
  const Value* verified = record.find("verified");
  if (verified && verified->is_bool() && verified->as_bool()) return Status::Ok();
  const Value* error = record.find("error");
  return Status::CheckFailed("mode " + record.find("mode")->as_string() + ": not confirmed: " +
                             (error ? error->as_string() : "unknown"));
}

Status AskDaemon(const Options& o, const ModeRequest& request, const std::string& dir, Duration wait) {
  EVT_ASSIGN_OR_RETURN(FailoverStore history, OpenFailoverStore(o));
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> last, history.History(1));
  const std::string marker = last.empty() ? "" : last.back();
  EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(dir));
  EVT_RETURN_IF_ERROR(store.RequestMode(request));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!StopRequested()) {
    EVT_ASSIGN_OR_RETURN(std::vector<std::string> recent, history.History(200));
    if (std::optional<Value> done = ModeRecordAfter(recent, marker)) return Outcome(o, *done);
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kPollEvery);
  }
  return Status::TempFail("mode " + request.mode + ": requested, but the watch daemon on " + dir +
                          " did not confirm within " + FormatDuration(wait) + "; the request stays for it");
}

// No daemon: the proxies are changed from here, and the state saved so a
// later watch or `mode normal` can restore them.
Status ApplyDirectly(const Options& o, const FailoverConfig& config, const ModeRequest& request,
                     const std::string& dir) {
  PrintWarning("mode " + request.mode + ": no daemon is running on " + dir + ": applied directly" +
               (request.how_long ? "; nothing ends it at its time unless evt-failover watch runs" : ""));
  std::vector<std::unique_ptr<SteeringDriver>> owned;
  std::vector<SteeringDriver*> drivers;
  for (const RouteSpec& r : config.routes.routes) {
    EVT_ASSIGN_OR_RETURN(std::unique_ptr<SteeringDriver> d, MakeSteeringDriver(r.driver));
    drivers.push_back(d.get());
    owned.push_back(std::move(d));
  }
  EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(dir));
  EVT_ASSIGN_OR_RETURN(ModeState m, store.LoadMode());
  const TimePoint now = SystemClock().Now();
  ModeChange change{request.mode, m.mode, "requested by " + request.by + " (no daemon running)", std::nullopt, true, "", now};
  if (request.mode == "reduced") {
    if (request.how_long) change.until = now + *request.how_long;
    if (m.mode != "reduced") {
      Result<RestoreTokens> tokens = EnterReducedMode(config.routes, drivers);
      if (tokens.ok()) m = ModeState{"reduced", change.until, now, request.by, std::move(*tokens)};
      else change.verified = false, change.error = tokens.status().message();
    }
    m.until = change.until;
  } else if (m.mode == "reduced") {
    Status left = LeaveReducedMode(m.restore_tokens, drivers);
    if (left.ok()) m = ModeState{"normal", std::nullopt, now, "", {}};
    else change.verified = false, change.error = left.message();
  }
  if (change.verified) EVT_RETURN_IF_ERROR(store.SaveMode(m));
  const Value record = ModeRecord(change, "", now);
  EVT_ASSIGN_OR_RETURN(std::string line, ToJson(record));
  EVT_RETURN_IF_ERROR(store.AppendHistory({line}));
  return Outcome(o, record);
}

}  // namespace

Status RunMode(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("mode"));
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  if (o.mode.empty()) {
    EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(dir));
    return ShowMode(o, store);
  }
  ModeRequest request{0, o.mode, std::nullopt, WhoAmI()};
  if (!o.mode_for.empty()) {
    if (o.mode != "reduced") return Status::Usage("mode: --for goes with `mode reduced`");
    Result<Duration> how_long = ParseDuration(o.mode_for);
    if (!how_long.ok()) return Status::Usage("--for: " + how_long.status().message());
    if (how_long->count() <= 0 || *how_long > std::chrono::hours(24 * 366))
      return Status::Usage("--for: expected more than 0s and at most 366d");
    request.how_long = *how_long;
  }
  Result<Duration> wait = ParseDuration(o.wait.empty() ? "10s" : o.wait);
  if (!wait.ok() || wait->count() <= 0) return Status::Usage("--wait: expected a duration more than 0s");
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  if (!config.routes.reduced) return Status::Config("mode: the config has no failover.modes.reduced");
  EVT_ASSIGN_OR_RETURN(std::vector<Beat> beats, ReadBeats(dir));
  if (FindLive(beats, {kWatchDaemon}, SystemClock().Now())) return AskDaemon(o, request, dir, *wait);
  return ApplyDirectly(o, config, request, dir);
}

void AddModeCommand(CLI::App& app, Options& o) {
  CLI::App* mode = app.add_subcommand(
      "mode", "show the service mode, or ask for `reduced` (failover.modes.reduced's limits) or `normal`; the "
              "running watch applies it and this waits for its confirmation (exit 1 when a proxy refused, 75 when "
              "no confirmation came in time); with no watch running it is applied from here");
  mode->parse_complete_callback([&o] { o.command = Command::kMode; });
  mode->add_option("MODE", o.mode, "normal or reduced; none: show the mode in force")
      ->check(CLI::IsMember({"normal", "reduced"}));
  mode->add_option("--for", o.mode_for, "reduced: how long, then normal again (default: until `mode normal`)")
      ->type_name("DURATION");
  mode->add_option("--wait", o.wait, "how long to wait for the daemon's confirmation (default 10s)")->type_name("T");
}

}  // namespace evt::failover
