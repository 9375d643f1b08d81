#include "common/hub/sync_verb.h"

#include <algorithm>
#include <utility>

#include "common/clock.h"
#include "common/config.h"
#include "common/messages.h"
#include "common/process_state.h"

namespace evt::hub {
namespace {

// Whether the hub being away is worth waiting out: a wrong password, a
// schema to migrate or a poisoned row will not mend by waiting.
bool WorthRetrying(const Status& status) { return status.code() == ExitCode::kUnavailable; }

std::string OfflineWarning(const Status& why) {
  return why.message() + "; this box keeps working offline and syncs when the hub is back";
}

Status ReportPasses(const std::vector<HubSyncReport>& reports, const AfterPass& after_pass) {
  for (const HubSyncReport& report : reports) {
    if (Moved(report)) EVT_RETURN_IF_ERROR(after_pass(report));
  }
  return Status::Ok();
}

// Connects, waiting out a hub that is away until it answers or a stop
// signal: what --watch does when the box starts while the hub is down.
Result<std::optional<HubSync>> ConnectWhenBack(const HubSettings& hub, Store& cursors, const HubWatchOptions& watch) {
  const Duration wait = watch.retry;
  bool warned = false;
  while (true) {
    Result<HubSync> session = HubSync::Connect(hub, cursors);
    if (session.ok()) {
      if (warned && watch.on_online) watch.on_online();
      return std::optional<HubSync>(std::move(*session));
    }
    if (!WorthRetrying(session.status())) return session.status();
    if (!warned && watch.on_offline) watch.on_offline(session.status());
    warned = true;
    if (!SleepUnlessStopRequested(std::chrono::duration_cast<std::chrono::milliseconds>(wait))) {
      return std::optional<HubSync>();
    }
  }
}

}  // namespace

void AddSyncFlags(CLI::App& command, SyncFlags& flags) {
  command.add_flag("--watch", flags.watch,
                   "keep syncing until stopped: pull promptly what other boxes push, work offline while the hub "
                   "is away");
  command.add_option("--interval", flags.interval, "with --watch, the longest between passes (default 1s)")
      ->type_name("DURATION");
}

Result<Duration> SyncInterval(const SyncFlags& flags) {
  if (flags.interval.empty()) return HubWatchOptions{}.interval;
  Result<Duration> d = ParseDuration(flags.interval);
  if (!d.ok()) return Status::Usage("--interval: " + d.status().message());
  if (*d <= Duration::zero()) return Status::Usage("--interval: expected a positive duration");
  return *d;
}

Result<HubSettings> ConfiguredHub(const CommonOptions& common) {
  Result<std::string> path = FindConfigFile(common.config);
  if (!path.ok()) return Status::Config(path.status().message() + "; a sync needs site.hub in the config");
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  Result<std::optional<HubSettings>> hub = ReadHubSettings(*config);
  if (!hub.ok()) return hub.status();
  if (!hub->has_value()) {
    return Status::Config(*path + ": /site/hub: not set; a sync needs the hub's libpq service name or a conninfo "
                          "without a password");
  }
  return std::move(**hub);
}

// Pushing what the hub had already (an element this box merged from it)
// moves nothing.
bool Moved(const HubSyncReport& report) { return report.pushed + report.pulled > 0; }

Value HubSyncRecord(std::string_view kind, const HubSyncReport& report, TimePoint ts) {
  return Value::object({{"kind", kind},
                        {"v", 1},
                        {"ts", FormatRfc3339(ts)},
                        {"set", report.set},
                        {"pushed", report.pushed},
                        {"pushed_known", report.pushed_known},
                        {"push_conflict", report.push_conflicts},
                        {"pulled", report.pulled},
                        {"added", report.merged.added},
                        {"duplicate", report.merged.duplicate},
                        {"conflict", report.merged.conflict},
                        {"quarantined", report.merged.quarantined}});
}

std::string HubSyncLine(const HubSyncReport& r) {
  std::string line = r.set + ": pushed " + std::to_string(r.pushed) + " (" + std::to_string(r.pushed_known) +
                     " already at the hub" +
                     (r.push_conflicts > 0 ? ", " + std::to_string(r.push_conflicts) + " of them with other content" : "") +
                     "), pulled " + std::to_string(r.pulled) + ": " +
                     std::to_string(r.merged.added) + " new, " + std::to_string(r.merged.duplicate) + " already here";
  if (r.merged.conflict > 0) line += ", " + std::to_string(r.merged.conflict) + " in conflict";
  if (r.merged.quarantined > 0) line += ", " + std::to_string(r.merged.quarantined) + " quarantined";
  return line;
}

Status RunHubSync(const HubSettings& hub, Store& cursors, const std::vector<HubSetAdapter*>& sets,
                  const SyncFlags& flags, const AfterPass& after_pass) {
  Result<Duration> interval = SyncInterval(flags);
  if (!interval.ok()) return interval.status();
  if (!flags.watch) {
    Result<HubSync> session = HubSync::Connect(hub, cursors);
    if (!session.ok()) return session.status();
    Result<std::vector<HubSyncReport>> reports = session->SyncOnce(sets);
    if (!reports.ok()) return reports.status();
    return ReportPasses(*reports, after_pass);
  }
  Status failed;  // an error from after_pass stops the watch and is the result
  HubWatchOptions watch;
  watch.interval = *interval;
  watch.stop = [&] { return StopRequested() || !failed.ok(); };
  watch.on_pass = [&](const HubSyncReport& report) {
    if (failed.ok() && Moved(report)) failed = after_pass(report);
  };
  watch.on_offline = [](const Status& why) { PrintWarning(OfflineWarning(why)); };
  watch.on_online = [] { PrintWarning("the hub is back: syncing again"); };
  Result<std::optional<HubSync>> session = ConnectWhenBack(hub, cursors, watch);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return Status::Ok();  // stopped while the hub was away
  Status watched = (*session)->Watch(sets, watch);
  return failed.ok() ? watched : failed;
}

}  // namespace evt::hub
