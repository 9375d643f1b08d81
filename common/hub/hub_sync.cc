// HubSync (hub_sync.h): push what the hub lacks, pull what the box lacks,
// cursors in the box's store; Watch keeps doing it (doc/design.md §18).
#include "common/hub/hub_sync.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/hub/hub_cursor.h"
#include "common/hub/hub_exchange.h"
#include "common/hub/hub_schema.h"
#include "common/hub/pg_connection.h"

namespace evt::hub {
namespace {

// Rows per INSERT and per pull: big enough that a round trip carries
// thousands of elements, small enough that one statement stays well
// under a second on a gate's uplink.
constexpr std::size_t kPageElements = 2000;
// How often a waiting Watch looks at options.stop.
constexpr Duration kStopCheck{100};

Status CheckSiteOfRole(PgConnection& conn, const HubSettings& settings) {
  EVT_ASSIGN_OR_RETURN(PgResult who,
                       conn.Exec("SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
  std::string role(who.Text(0, 0));
  bool sees_every_site = who.Text(0, 1) == "t";
  if (sees_every_site) return Status::Ok();  // the owner, syncing as any site (tests, repairs)
  EVT_ASSIGN_OR_RETURN(PgResult granted, conn.Exec("SELECT has_function_privilege('evt_hub.current_site()', 'EXECUTE')"));
  std::string grant_hint = ": run `evt-token hub grant " + settings.site + " " + role + "` as the hub's owner";
  if (granted.Text(0, 0) != "t") {
    return Status::Config(settings.where + ": role \"" + role + "\" is not a site of the hub" + grant_hint);
  }
  EVT_ASSIGN_OR_RETURN(std::optional<std::string> site, CurrentSite(conn));
  if (!site) return Status::Config(settings.where + ": role \"" + role + "\" is not a site of the hub" + grant_hint);
  if (*site != settings.site) {
    return Status::Config(settings.where + ": role \"" + role + "\" belongs to site \"" + *site +
                          "\" at the hub, but site.name is \"" + settings.site + "\"");
  }
  return Status::Ok();
}

// Sleeps `wait` in slices, false as soon as stop() says so.
bool SleepUnlessStopped(Duration wait, const std::function<bool()>& stop) {
  auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (stop && stop()) return false;
    auto left = std::chrono::duration_cast<Duration>(until - std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::clamp(left, Duration(0), kStopCheck));
  }
  return !(stop && stop());
}

bool Moved(const HubSyncReport& report) {
  return report.pushed + report.pushed_known + report.pulled > 0;
}

}  // namespace

struct HubSync::Impl {
  HubSettings settings;
  Store* store;
  PgConnection conn;
  HubCursorStore cursors;
  std::string channel;

  static Result<std::unique_ptr<Impl>> Open(const HubSettings& settings, Store& store,
                                            int connect_timeout_s = kDefaultConnectTimeoutSeconds) {
    EVT_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(settings.conninfo, settings.where, connect_timeout_s));
    EVT_ASSIGN_OR_RETURN(HubIdentity identity, RequireCurrentSchema(conn, settings.where));
    EVT_RETURN_IF_ERROR(CheckSiteOfRole(conn, settings));
    EVT_ASSIGN_OR_RETURN(HubCursorStore cursors, HubCursorStore::Open(store, identity.hub_id + "/" + settings.site));
    EVT_ASSIGN_OR_RETURN(PgResult channel, conn.Exec("SELECT evt_hub.channel($1)", {settings.site}));
    return std::unique_ptr<Impl>(
        new Impl{settings, &store, std::move(conn), std::move(cursors), std::string(channel.Text(0, 0))});
  }

  Status Push(HubSetAdapter& set, const std::string& name, HubSyncReport& report) {
    EVT_ASSIGN_OR_RETURN(HubCursor cursor, cursors.Load(name));
    std::int64_t since = cursor.push;
    while (true) {
      EVT_ASSIGN_OR_RETURN(HubExport page, set.ExportSince(since, kPageElements));
      if (page.elements.empty()) return Status::Ok();
      EVT_ASSIGN_OR_RETURN(PushOutcome outcome, PushPage(conn, settings.site, name, page.elements));
      report.pushed += outcome.added;
      report.pushed_known += outcome.known;
      report.push_conflicts += outcome.conflicts;
      EVT_RETURN_IF_ERROR(cursors.SavePush(name, page.last_seq));
      since = page.last_seq;
    }
  }

  Status Pull(HubSetAdapter& set, const std::string& name, HubSyncReport& report) {
    EVT_ASSIGN_OR_RETURN(HubCursor cursor, cursors.Load(name));
    std::int64_t after = cursor.pull;
    while (true) {
      EVT_ASSIGN_OR_RETURN(PulledPage page, PullPage(conn, settings.site, name, after, kPageElements));
      if (page.elements.empty()) return Status::Ok();
      EVT_ASSIGN_OR_RETURN(HubMergeCounts merged, set.MergePulled(page.elements));
      report.pulled += page.elements.size();
      report.merged.added += merged.added;
      report.merged.duplicate += merged.duplicate;
      report.merged.conflict += merged.conflict;
      report.merged.quarantined += merged.quarantined;
      // Only after the merge committed: a crash between re-pulls the page,
      // which merges again as duplicates.
      EVT_RETURN_IF_ERROR(cursors.SavePull(name, page.last_seq));
      after = page.last_seq;
      if (page.elements.size() < kPageElements) return Status::Ok();
    }
  }

  Result<std::vector<HubSyncReport>> SyncOnce(const std::vector<HubSetAdapter*>& sets) {
    std::vector<HubSyncReport> reports;
    for (HubSetAdapter* set : sets) {
      HubSyncReport report;
      report.set = std::string(set->SetName());
      EVT_RETURN_IF_ERROR(Push(*set, report.set, report));
      EVT_RETURN_IF_ERROR(Pull(*set, report.set, report));
      reports.push_back(std::move(report));
    }
    return reports;
  }
};

HubSync::HubSync(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HubSync::HubSync(HubSync&&) noexcept = default;
HubSync& HubSync::operator=(HubSync&&) noexcept = default;
HubSync::~HubSync() = default;

Result<HubSync> HubSync::Connect(const HubSettings& settings, Store& store) {
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, Impl::Open(settings, store));
  return HubSync(std::move(impl));
}

Result<std::vector<HubSyncReport>> HubSync::SyncOnce(std::vector<HubSetAdapter*> sets) {
  return impl_->SyncOnce(sets);
}

Status HubSync::Watch(std::vector<HubSetAdapter*> sets, const HubWatchOptions& options) {
  bool online = true;
  bool listening = false;
  impl_->conn.WatchForLoss();
  auto stopped = [&] { return options.stop && options.stop(); };
  auto last_attempt = std::chrono::steady_clock::now();
  while (!stopped()) {
    if (!online) {
      const auto since_last = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - last_attempt);
      if (since_last < options.retry && !SleepUnlessStopped(options.retry - since_last, options.stop)) break;
      last_attempt = std::chrono::steady_clock::now();
      Result<std::unique_ptr<Impl>> reopened =
          Impl::Open(impl_->settings, *impl_->store, kWatchConnectTimeoutSeconds);
      if (!reopened.ok()) {
        if (reopened.status().code() != ExitCode::kUnavailable) return reopened.status();
        continue;
      }
      impl_ = std::move(*reopened);
      impl_->conn.WatchForLoss();
      online = true;
      listening = false;
      if (options.on_online) options.on_online();
    }
    Status pass = Status::Ok();
    if (!listening) {
      pass = impl_->conn.Listen(impl_->channel);
      listening = pass.ok();
    }
    if (pass.ok()) {
      Result<std::vector<HubSyncReport>> reports = impl_->SyncOnce(sets);
      pass = reports.status();
      if (reports.ok() && options.on_pass) {
        for (const HubSyncReport& report : *reports) {
          if (Moved(report)) options.on_pass(report);
        }
      }
    }
    // Wait for a NOTIFY (another box pushed) or the interval, whichever first.
    auto deadline = std::chrono::steady_clock::now() + options.interval;
    while (pass.ok() && !stopped() && std::chrono::steady_clock::now() < deadline) {
      Result<std::vector<PgNotification>> notified = impl_->conn.WaitForNotifications(kStopCheck);
      if (!notified.ok()) pass = notified.status();
      else if (!notified->empty()) break;
    }
    if (pass.ok()) continue;
    // The box's own store busy past its timeout (a long scan burst): the
    // box comes first; the next pass tries again from the same cursors.
    if (pass.code() == ExitCode::kTempFail) {
      if (!SleepUnlessStopped(options.interval, options.stop)) break;
      continue;
    }
    if (pass.code() != ExitCode::kUnavailable) return pass;
    online = false;
    last_attempt = std::chrono::steady_clock::now();
    if (options.on_offline) options.on_offline(pass);
  }
  return Status::Ok();
}

}  // namespace evt::hub
