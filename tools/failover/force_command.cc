// `force` and `release`: a request left in the store for the running decide
// or watch. A request that no live daemon will take is refused (69, naming
// the store), since an exit 0 that moves no traffic is worse than an error
// (doc/design.md §4.4); --wait stays until the daemon has acted and shows what its
// actions did.
#include <chrono>
#include <iostream>
#include <thread>

#include "common/clock.h"
#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/state_root.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"

namespace evt::failover {
namespace {

constexpr Duration kPollEvery{100};
constexpr std::int64_t kHistoryWindow = 200;

Status RequireLiveDaemon(const std::string& dir, const char* command, bool queue) {
  Result<std::vector<Beat>> beats = ReadBeats(dir);
  if (!beats.ok()) return beats.status();
  if (queue || FindLive(*beats, {kWatchDaemon, kDecideDaemon}, SystemClock().Now())) return Status::Ok();
  std::string last;
  for (const Beat& b : *beats) {
    if (b.daemon == kWatchDaemon || b.daemon == kDecideDaemon) {
      last = "; " + b.daemon + " (pid " + std::to_string(b.pid) + " on " + b.host + ") last beat at " +
             FormatRfc3339(b.beat_at);
    }
  }
  return Status::Unavailable(std::string(command) + ": no running evt-failover decide or watch uses the state in " +
                             dir + last + "; nothing requested (see `evt-failover state where`; the units use "
                             "site.state_dir of their config: pass the same --config; --queue leaves the request "
                             "for the next one)");
}

// The newest history record: what --wait compares against to find the new ones.
Result<std::string> NewestRecord(FailoverStore& store) {
  Result<std::vector<std::string>> last = store.History(1);
  if (!last.ok()) return last.status();
  return last->empty() ? std::string() : last->back();
}

std::vector<Value> RecordsAfter(const std::vector<std::string>& history, const std::string& marker) {
  std::size_t from = 0;
  for (std::size_t i = history.size(); i > 0; --i) {
    if (!marker.empty() && history[i - 1] == marker) {
      from = i;
      break;
    }
  }
  std::vector<Value> out;
  for (std::size_t i = from; i < history.size(); ++i) {
    Result<Value> r = ParseJson(history[i], "history");
    if (r.ok()) out.push_back(std::move(*r));
  }
  return out;
}

std::string Field(const Value& r, const char* key) {
  const Value* v = r.find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// Done when the daemon took the request (forced/released) and, if that
// moved traffic, the switch that followed is recorded too.
bool Settled(const std::vector<Value>& records, const char* taken) {
  bool seen = false;
  for (const Value& r : records) seen = seen || Field(r, "event") == taken;
  if (!seen) return false;
  const std::string last = Field(records.back(), "event");
  return last == taken || last == "switch" || last == "switch_failed";
}

Status PrintOutcome(const Options& o, const std::vector<Value>& records) {
  if (WantRecords(o.common)) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    for (const Value& r : records) EVT_RETURN_IF_ERROR(out.Write(r));
    return out.Flush();
  }
  for (const Value& r : records) {
    std::cout << Field(r, "event") << " " << Field(r, "path") << ": " << Field(r, "reason") << "\n";
    const Value* actions = r.find("actions");
    if (!actions || !actions->is_array()) continue;
    for (const Value& a : actions->as_array()) {
      const Value* ok = a.find("ok");
      std::cout << "  " << Field(a, "hook") << " " << Field(a, "action") << ": "
                << (ok && ok->is_bool() && ok->as_bool() ? "ok" : "failed: " + Field(a, "error")) << "\n";
    }
  }
  return Status::Ok();
}

Status WaitFor(const Options& o, FailoverStore& store, const std::string& marker, const char* taken,
               const std::string& dir) {
  Result<Duration> limit = ParseDuration(o.wait);
  if (!limit.ok()) return Status::Usage("--wait: " + limit.status().message());
  const auto deadline = std::chrono::steady_clock::now() + *limit;
  while (!StopRequested()) {
    Result<std::vector<std::string>> history = store.History(kHistoryWindow);
    if (!history.ok()) return history.status();
    std::vector<Value> records = RecordsAfter(*history, marker);
    if (!records.empty() && Settled(records, taken)) return PrintOutcome(o, records);
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::TempFail(std::string(taken == std::string("forced") ? "force" : "release") +
                              ": requested, but the daemon on " + dir + " did not act within " +
                              FormatDuration(*limit) + "; the request stays for it");
    }
    std::this_thread::sleep_for(kPollEvery);
  }
  return Status::Ok();
}

Status CheckWait(const Options& o) {
  if (o.wait.empty()) return Status::Ok();
  Result<Duration> limit = ParseDuration(o.wait);
  if (!limit.ok()) return Status::Usage("--wait: " + limit.status().message());
  if (limit->count() <= 0) return Status::Usage("--wait: must be more than 0s");
  return Status::Ok();
}

// doc/design.md §9.1: a dry run passes every check the request would, then
// says what it would request instead of storing it.
Status DryRunPending(const std::string& request, const std::string& dir) {
  std::cout << request << ": would be requested in " << dir << " (dry run: nothing requested)\n";
  return Status::WithCode(ExitCode::kDryRunPending, "");
}

}  // namespace

Status RunForce(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("force"));
  Result<Duration> how_long = ParseDuration(o.force_for);
  if (!how_long.ok()) return Status::Usage("--for: " + how_long.status().message());
  if (how_long->count() <= 0) return Status::Usage("--for: must be more than 0s");
  if (*how_long > std::chrono::hours(24 * 366)) return Status::Usage("--for: must be at most 366d");
  EVT_RETURN_IF_ERROR(CheckWait(o));
  Result<FailoverConfig> config = LoadFailoverConfig(o);
  if (!config.ok()) return config.status();
  bool known = false;
  for (const PathSpec& p : config->spec.paths) known = known || p.name == o.path;
  if (!known) return Status::Usage("force: no path \"" + o.path + "\" in the config");
  Result<std::string> dir = ResolveStateDir(o.common);
  if (!dir.ok()) return dir.status();
  EVT_RETURN_IF_ERROR(RequireLiveDaemon(*dir, "force", o.queue));
  Result<FailoverStore> store = OpenFailoverStore(o);
  if (!store.ok()) return store.status();
  if (o.dry_run) return DryRunPending("force " + o.path + " for " + FormatDuration(*how_long), *dir);
  Result<std::string> marker = NewestRecord(*store);
  if (!marker.ok()) return marker.status();
  EVT_RETURN_IF_ERROR(store->RequestForce(o.path, *how_long));
  if (!o.wait.empty()) return WaitFor(o, *store, *marker, "forced", *dir);
  std::cout << "force " << o.path << " for " << FormatDuration(*how_long) << ": requested in " << *dir
            << "; the running decide or watch applies it within a second\n";
  return Status::Ok();
}

Status RunRelease(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("release"));
  EVT_RETURN_IF_ERROR(CheckWait(o));
  Result<std::string> dir = ResolveStateDir(o.common);
  if (!dir.ok()) return dir.status();
  EVT_RETURN_IF_ERROR(RequireLiveDaemon(*dir, "release", o.queue));
  Result<FailoverStore> store = OpenFailoverStore(o);
  if (!store.ok()) return store.status();
  Result<std::optional<DeciderSnapshot>> state = store->LoadSnapshot();
  if (!state.ok()) return state.status();
  // A force the daemon has not taken yet is released too: it would
  // otherwise land after this release and hold for its whole duration.
  Result<bool> force_waiting = store->ForceWaiting();
  if (!force_waiting.ok()) return force_waiting.status();
  if ((!*state || (*state)->forced.empty()) && !*force_waiting) {
    std::cout << "release: nothing is forced in " << *dir << "\n";
    return Status::Ok();
  }
  if (o.dry_run) return DryRunPending("release", *dir);
  Result<std::string> marker = NewestRecord(*store);
  if (!marker.ok()) return marker.status();
  EVT_RETURN_IF_ERROR(store->RequestRelease());
  if (!o.wait.empty()) return WaitFor(o, *store, *marker, "released", *dir);
  std::cout << "release: requested in " << *dir << "; the running decide or watch applies it within a second\n";
  return Status::Ok();
}

}  // namespace evt::failover
