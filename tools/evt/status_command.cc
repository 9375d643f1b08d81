// `evt status`: gather the site (site_snapshot.h), then records for a
// script, one screen for a person, or that screen redrawn with --watch.
#include <cstdlib>
#include <iostream>

#include "common/config.h"
#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/state_root.h"
#include "common/time_zone.h"
#include "tools/evt/commands.h"
#include "tools/evt/site_snapshot.h"
#include "tools/evt/status_records.h"
#include "tools/evt/status_watch.h"
#include "tools/evt/tool_dispatch.h"

namespace evt::front {

namespace {

Result<GatherOptions> ResolveGather(const Options& options) {
  GatherOptions gather;
  gather.self_dir = SelfDir();
  const char* path = std::getenv("PATH");
  gather.path = path ? path : "";
  gather.config = options.common.config;
  gather.state_dir = options.common.state_dir;
  Result<Duration> timeout = ParseDuration(options.timeout);
  if (!timeout.ok() || timeout->count() <= 0) return Status::Usage("--timeout: expected a duration above 0, as 2s");
  gather.timeout = *timeout;
  // Without a state root there is no hold and no beat to show; the tools'
  // own answers still are.
  Result<std::string> root = ResolveStateDir(options.common);
  if (root.ok()) gather.state_root = *root;
  return gather;
}

// site.timezone when the config sets it, else $TZ, else UTC; --utc: UTC.
// A zone that cannot be loaded shows UTC with a warning, never no screen.
const TimeZone* DisplayZoneFor(const Options& options) {
  if (options.utc) return nullptr;
  std::string name;
  Result<std::string> file = FindConfigFile(options.common.config);
  if (file.ok()) {
    Result<Config> config = LoadConfig(*file);
    const Value* site = config.ok() ? config->document().find("site") : nullptr;
    if (site && site->find("timezone")) name = config->site().timezone;
  }
  if (name.empty()) {
    const char* tz = std::getenv("TZ");
    name = tz ? tz : "";
    if (!name.empty() && name.front() == ':') name.erase(0, 1);
  }
  if (name.empty() || name == "UTC") return nullptr;
  Result<const TimeZone*> zone = CachedTimeZone(name);
  if (!zone.ok()) {
    PrintWarning(zone.status().message() + "; showing UTC");
    return nullptr;
  }
  return *zone;
}

Result<std::string> Screen(GatherOptions gather, const RenderOptions& render) {
  gather.now = MachineClock().Now();
  Result<SiteSnapshot> snapshot = GatherSite(gather);
  if (!snapshot.ok()) return snapshot.status();
  return RenderSiteText(*snapshot, render);
}

}  // namespace

Status RunStatus(const Options& options) {
  Result<GatherOptions> gather = ResolveGather(options);
  if (!gather.ok()) return gather.status();
  Result<Duration> interval = ParseDuration(options.interval);
  if (!interval.ok() || interval->count() <= 0) return Status::Usage("--interval: expected a duration above 0, as 2s");
  if (WantRecords(options.common)) {
    if (options.watch) return Status::Usage("--watch redraws a screen; with --json run evt status repeatedly");
    gather->now = MachineClock().Now();
    Result<SiteSnapshot> snapshot = GatherSite(*gather);
    if (!snapshot.ok()) return snapshot.status();
    RecordWriter writer;
    for (const Value& record : SnapshotRecords(*snapshot)) EVT_RETURN_IF_ERROR(writer.Write(record));
    return Status::Ok();
  }
  RenderOptions render;
  render.color = ColorEnabled(STDOUT_FILENO);
  render.zone = DisplayZoneFor(options);
  render.utc = options.utc;
  if (!options.watch) {
    render.width = TerminalWidth(STDOUT_FILENO);
    Result<std::string> text = Screen(*gather, render);
    if (!text.ok()) return text.status();
    std::cout << *text;
    return Status::Ok();
  }
  return WatchInPlace(*interval, [&](int width) {
    render.width = width;
    return Screen(*gather, render);
  });
}

}  // namespace evt::front
