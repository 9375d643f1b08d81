// Instants as people read them in tables (doc/design.md §17): the site's
// local time with its offset, and the date only when it is not today, so a
// budget that "runs out 18:34" five days away says which day. Records stay
// UTC (common/time_format.h); this is for human output only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/cli_common_options.h"
#include "common/state_dir.h"  // EnvLookup, SystemEnv
#include "common/time_format.h"
#include "common/time_zone.h"

namespace evt {

class Config;

// "18:34 +01:00" when `t` falls on the same local day as `now` in `zone`;
// "Fri 11 Dec 18:34 +01:00" on another day of the same year;
// "Fri 11 Dec 2027 18:34 +01:00" in another year. UTC shows "+00:00".
std::string FormatLocalTime(TimePoint t, const TimeZone& zone, TimePoint now);

// As FormatLocalTime, with seconds ("18:34:05 +01:00"): for histories where
// events come seconds apart.
std::string FormatLocalTimeSeconds(TimePoint t, const TimeZone& zone, TimePoint now);

// The zone of UTC: the tz database's "UTC" when there is one, else a zone
// fixed at offset zero, so a box without tzdata still shows times.
const TimeZone& UtcZone();

// How long ago `since` was, for a status line, as DurationText writes it
// (common/number_text.h): "12.5s", "4m12s", "3h20m"; 0s for a time after
// `now`.
std::string AgeText(TimePoint since, TimePoint now);

// The IANA name a TZ value names: "Europe/Berlin", ":Europe/Berlin" and
// ":/usr/share/zoneinfo/Europe/Berlin" all name "Europe/Berlin". nullopt for
// an empty value. A POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3") comes back as
// it is and fails to load as a zone of the database.
std::optional<std::string> ZoneNameFromTz(std::string_view tz);

// The zone human output uses: UTC when `utc` (--utc); else the config's
// site.timezone (which defaults to $TZ, common/config.h); without a config
// $TZ; else UTC. A name that does not load falls back to the next choice:
// a table is still readable, and the tools that compute with the zone
// (evt-price, evt-budget) report the bad config themselves.
const TimeZone& DisplayZone(const Config* config, bool utc);
const TimeZone& DisplayZone(const Config* config, bool utc, const EnvLookup& env);
// The same choice for a tool that kept only site.timezone from its config
// ("" when it ran without one).
const TimeZone& DisplayZone(std::string_view site_timezone, bool utc, const EnvLookup& env = SystemEnv);
// The same choice for a tool that did not keep its config: the file
// --config, $EVT_CONFIG or the XDG default names is read again for its
// site.timezone. A config that cannot be read counts as none here (the
// tool reports it where it reads its own section).
const TimeZone& DisplayZoneFor(const CommonOptions& common, const EnvLookup& env = SystemEnv);

}  // namespace evt
