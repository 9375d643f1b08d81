// `status`: each path and the active one, from the stored state and the
// site status.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "common/atomic_file.h"
#include "common/cli_vocabulary.h"
#include "common/clock.h"
#include "common/duration.h"
#include "common/json_writer.h"
#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/site_status.h"
#include "common/sparkline.h"
#include "common/state_root.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/time_display.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/decider.h"
#include "tools/failover/failover_metrics.h"

namespace evt::failover {
namespace {

// The newest answers only: the store keeps 30, but a table cell cut at its
// end would drop the newest, the ones a person at 2 a.m. looks for.
constexpr std::size_t kSparklineWidth = 16;

std::string NewestSparkline(const std::vector<double>& recent) {
  const std::size_t skip = recent.size() > kSparklineWidth ? recent.size() - kSparklineWidth : 0;
  return Sparkline(std::span<const double>(recent).subspan(skip));
}

// Table times in the site's zone, with the date when not today (doc/design.md §17).
std::string TimeOrEmpty(const std::optional<TimePoint>& t, const TimeZone& zone, TimePoint now) {
  return t ? FormatLocalTime(*t, zone, now) : "";
}

const std::vector<std::string> kDaemons = {kWatchDaemon, kDecideDaemon};

// What status knows besides the decider's state: whether a daemon keeps it
// current, the site hold, and which paths no result has reached yet.
struct Around {
  SiteStatus site;
  std::optional<Beat> daemon;
  std::vector<std::string> probed;  // paths with saved state
  LatenciesByPath recent;           // what the daemon last saved
};

const std::vector<double>* RecentOf(const Around& a, const std::string& path) {
  auto it = a.recent.find(path);
  return it == a.recent.end() || it->second.empty() ? nullptr : &it->second;
}

bool Probed(const Around& a, const std::string& path) {
  for (const std::string& p : a.probed)
    if (p == path) return true;
  return false;
}

void AddAround(Value& r, const Around& a, const std::string& path, TimePoint now) {
  r.set("probed", Probed(a, path));
  if (const std::vector<double>* recent = RecentOf(a, path)) {
    Value values = Value::array();
    for (double ms : *recent) values.push_back(ms);
    r.set("recent_ms", std::move(values));
  }
  r.set("daemon", !a.daemon ? "none" : IsAlive(*a.daemon, now, ThisHost()) ? "alive" : "stale");
  if (a.daemon) r.set("updated_at", FormatRfc3339(a.daemon->beat_at));
  if (a.site.hold) {
    r.set("held_until", FormatRfc3339(a.site.hold->until));
    r.set("hold_reason", a.site.hold->reason);
  }
}

Value PathRecord(const Decider& d, std::size_t i, const DeciderSnapshot& s, TimePoint now) {
  const PathSpec& p = d.spec().paths[i];
  Value r = Value::object({{"kind", "failover.path"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"path", p.name},
                           {"preference", static_cast<std::int64_t>(i + 1)}, {"up", d.Up(i)},
                           {"health", s.paths[i].health}, {"degraded", d.Degraded(i)},
                           {"penalty", std::round(d.Penalty(i, now) * 100) / 100}, {"active", d.active() == p.name}});
  if (s.paths[i].damping.suppressed_until) r.set("suppressed_until", FormatRfc3339(*s.paths[i].damping.suppressed_until));
  if (d.active() == p.name && d.active_since()) r.set("active_since", FormatRfc3339(*d.active_since()));
  if (s.forced == p.name && s.forced_until) r.set("forced_until", FormatRfc3339(*s.forced_until));
  return r;
}

Status PrintTable(const Decider& d, const DeciderSnapshot& s, const Around& a, TimePoint now, const TimeZone& zone) {
  std::cout << WrapLines(SiteStatusText(a.site, kDaemons, now, zone), TerminalWidth(STDOUT_FILENO));
  Table t;
  t.AddColumn("path", {.priority = Priority::kKey});
  t.AddColumn("state", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  t.AddColumn("health", {.priority = Priority::kHigh});
  t.AddColumn("recent", {.priority = Priority::kLow});
  t.AddColumn("penalty");
  t.AddColumn("suppressed until", {.priority = Priority::kLow});
  t.AddColumn("active since");
  for (std::size_t i = 0; i < d.spec().paths.size(); ++i) {
    const PathSpec& p = d.spec().paths[i];
    const bool active = d.active() == p.name;
    std::string state = d.Up(i) ? (d.Degraded(i) ? "degraded" : "up") : "down";
    if (s.forced == p.name) state += " (forced until " + TimeOrEmpty(s.forced_until, zone, now) + ")";
    const Style style = !d.Up(i) ? Style::kBad : d.Degraded(i) || d.Suppressed(i) ? Style::kWarn : Style::kOk;
    const std::string penalty = FixedText(d.Penalty(i, now), 0);
    const std::string health = Probed(a, p.name) ? std::to_string(s.paths[i].health) : "unknown";
    const std::vector<double>* recent = RecentOf(a, p.name);
    t.AddRow({(active ? "* " : "  ") + p.name, {state, style}, health, recent ? NewestSparkline(*recent) : "", penalty,
              TimeOrEmpty(s.paths[i].damping.suppressed_until, zone, now),
              active ? TimeOrEmpty(d.active_since(), zone, now) : ""});
  }
  std::cout << t.Render(ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
  return Status::Ok();
}

Result<std::optional<OutputFormat>> MetricsFormat(const Options& o) {
  EVT_ASSIGN_OR_RETURN(ChosenOutput chosen, ResolveOutput(o.common, o.format));
  if (chosen.metrics) return chosen.metrics;
  if (!o.textfile.empty()) return Status::Usage("--textfile needs -o prometheus or openmetrics");
  return std::optional<OutputFormat>();
}

Status PrintMetrics(const Options& o, OutputFormat format, const Decider& d, FailoverStore& store, const Around& a) {
  EVT_ASSIGN_OR_RETURN(SwitchTally switches, store.Switches());
  const std::string text = FailoverMetricsText(FiguresOf(d, d.active(), switches, a.site.hold.has_value()), format);
  if (!o.textfile.empty()) return WriteFileAtomically(o.textfile, text);
  std::cout << text;
  return Status::Ok();
}

}  // namespace

Status RunStatus(const Options& o) {
  EVT_ASSIGN_OR_RETURN(std::optional<OutputFormat> metrics, MetricsFormat(o));
  Result<FailoverConfig> config = LoadFailoverConfig(o);
  if (!config.ok()) return config.status();
  Result<FailoverStore> store = OpenFailoverStore(o);
  if (!store.ok()) return store.status();
  Result<std::optional<DeciderSnapshot>> stored = store->LoadSnapshot();
  if (!stored.ok()) return stored.status();
  Decider d(std::move(config->spec));
  if (*stored) d.Restore(**stored);
  const DeciderSnapshot s = d.Snapshot();
  const TimePoint now = SystemClock().Now();
  Result<std::string> dir = ResolveStateDir(o.common);
  if (!dir.ok()) return dir.status();
  Result<SiteStatus> site = ReadSiteStatus(*dir, now);
  if (!site.ok()) return site.status();
  Around a{std::move(*site), std::nullopt, {}, {}};
  a.daemon = DaemonBeat(a.site, kDaemons, now);
  if (*stored) {
    for (const PathSnapshot& p : (*stored)->paths) a.probed.push_back(p.name);
  }
  EVT_ASSIGN_OR_RETURN(a.recent, store->RecentLatencies());
  if (metrics) return PrintMetrics(o, *metrics, d, *store, a);
  if (!WantRecords(o.common, o.format)) return PrintTable(d, s, a, now, DisplayZoneFor(o.common));
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  for (std::size_t i = 0; i < d.spec().paths.size(); ++i) {
    Value r = PathRecord(d, i, s, now);
    AddAround(r, a, d.spec().paths[i].name, now);
    EVT_RETURN_IF_ERROR(out.Write(r));
  }
  return out.Flush();
}

}  // namespace evt::failover
