// `evt status`: gather the site (site_snapshot.h), then records for a
// script, one screen for a person, or that screen redrawn with --watch.
#include <cstdlib>
#include <optional>
#include <iostream>

#include "common/config.h"
#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/state_root.h"
#include "common/time_display.h"
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

// The site's zone as every tool's tables show it (common/time_display.h):
// a config that cannot be read is the tools' to report, not the screen's.
const TimeZone* DisplayZoneFor(const Options& options) {
  Result<std::string> file = FindConfigFile(options.common.config);
  std::optional<Config> config;
  if (file.ok()) {
    Result<Config> loaded = LoadConfig(*file);
    if (loaded.ok()) config = std::move(*loaded);
  }
  return &DisplayZone(config ? &*config : nullptr, options.common.utc);
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
    if (options.watch) {
      return Status::Usage("--watch redraws a screen on a terminal; for records, run evt status --json repeatedly");
    }
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
  render.utc = options.common.utc;
  if (!options.watch) {
    render.width = TerminalWidth(STDOUT_FILENO);
    Result<std::string> text = Screen(*gather, render);
    if (!text.ok()) return text.status();
    std::cout << *text;
    return Status::Ok();
  }
  // A site.db that is busy or broken for a moment is a line on the screen,
  // not the end of the view someone keeps open through the incident.
  return WatchInPlace(*interval, [&](int width) -> Result<std::string> {
    render.width = width;
    Result<std::string> screen = Screen(*gather, render);
    if (screen.ok()) return screen;
    return "evt status: " + screen.status().message() + "\n";
  });
}

}  // namespace evt::front
