// What every `status` shows about the state root besides its own tool's
// state: the site-wide hold, and whether the daemons that keep the state
// current are alive (doc/design.md §4.4).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "common/time_zone.h"
#include "common/status.h"

namespace evt {

struct SiteStatus {
  std::optional<SiteHold> hold;
  std::vector<Beat> beats;
};

Result<SiteStatus> ReadSiteStatus(const std::string& state_dir, TimePoint now);

// The beat of the first of `daemons` that is alive, else the newest of
// theirs, else nullopt.
std::optional<Beat> DaemonBeat(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now);

// Lines for a human: the hold, then the DaemonBeat of `daemons`: alive,
// stale or last run, and when it last beat; or that none of them runs.
// Times in `zone` (common/time_display.h); UTC when not given.
std::string SiteStatusText(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now);
std::string SiteStatusText(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now,
                           const TimeZone& zone);

}  // namespace evt
