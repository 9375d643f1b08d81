// The whole site at one moment, as `evt status` shows it: what each
// evt-TOOL answered to `status --json`, the hold and the daemons' beats of
// the state root. evt gathers it by running the tools as children and
// links none of their cores (doc/design.md §17), so a tool it does not know
// still appears, with its records shown generically.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/time_zone.h"
#include "common/value.h"

namespace evt {

struct ToolStatus {
  std::string tool;  // "failover", for evt-failover
  int exit_code = 0;
  std::vector<Value> records;  // its `status --json` records, in order
  std::string error;           // why it has no status: "timed out after 2s", its stderr
  Duration took{0};
};

struct SiteSnapshot {
  TimePoint at{};
  std::vector<ToolStatus> tools;  // sorted by tool name
  std::optional<SiteHold> hold;
  std::vector<Beat> beats;
};

struct GatherOptions {
  // Where evt-* programs are looked for first: the folder of the running
  // `evt`; then each folder of `path` ($PATH).
  std::string self_dir;
  std::string path;
  // Passed on to every tool as --config / --state-dir when set.
  std::string config;
  std::string state_dir;
  // The state root whose site.db holds the hold and the beats; empty: none.
  std::string state_root;
  Duration timeout{2000};  // each tool's
  TimePoint now{};
};

// Runs every evt-TOOL's `status --json` in parallel. A tool without a
// `status` subcommand (exit 64 or 2) is left out; one that fails, times out
// or prints what is not records is kept with its error. Fails only when the
// state root's site.db cannot be read.
Result<SiteSnapshot> GatherSite(const GatherOptions& options);

struct RenderOptions {
  int width = 80;
  bool color = false;
  const TimeZone* zone = nullptr;  // nullptr: UTC
  bool utc = false;
};

// One screen of text, every line at most `width` columns; cards (one field
// a line) below 60 columns, rows at or above.
std::string RenderSiteText(const SiteSnapshot& snapshot, const RenderOptions& options);

}  // namespace evt
