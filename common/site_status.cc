#include "common/site_status.h"

#include "common/time_display.h"

namespace evt {

Result<SiteStatus> ReadSiteStatus(const std::string& state_dir, TimePoint now) {
  SiteStatus site;
  Result<std::optional<SiteHold>> hold = HoldAt(state_dir, now);
  if (!hold.ok()) return hold.status();
  site.hold = *hold;
  Result<std::vector<Beat>> beats = ReadBeats(state_dir);
  if (!beats.ok()) return beats.status();
  site.beats = std::move(*beats);
  return site;
}

std::optional<Beat> DaemonBeat(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now) {
  if (std::optional<Beat> live = FindLive(site.beats, daemons, now)) return live;
  std::optional<Beat> newest;
  for (const Beat& b : site.beats) {
    for (const std::string& d : daemons) {
      if (b.daemon == d && (!newest || b.beat_at > newest->beat_at)) newest = b;
    }
  }
  return newest;
}

std::string SiteStatusText(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now) {
  return SiteStatusText(site, daemons, now, UtcZone());
}

std::string SiteStatusText(const SiteStatus& site, const std::vector<std::string>& daemons, TimePoint now,
                           const TimeZone& zone) {
  std::string text;
  if (site.hold) text += "site " + HoldText(*site.hold, zone, now) + "\n";
  if (daemons.empty()) return text;
  std::optional<Beat> beat = DaemonBeat(site, daemons, now);
  if (!beat) {
    std::string names;
    for (const std::string& d : daemons) names += (names.empty() ? "" : " or ") + d;
    return text + names + ": not running on this state\n";
  }
  return text + beat->daemon + ": " + LivenessText(*beat, now, ThisHost()) + ", updated_at " +
         FormatLocalTimeSeconds(beat->beat_at, zone, now) + " (pid " + std::to_string(beat->pid) + " on " + beat->host + ")\n";
}

}  // namespace evt
