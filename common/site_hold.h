// The site-wide hold, "hands off: a person is working": kept in the state
// root (site.db), placed and lifted with `evt-TOOL state hold|release` from
// any tool, ending by itself at its time. Every loop that acts on its own
// asks HoldKeeper before acting, and says so in its records.
#pragma once

#include <optional>
#include <string>

#include "common/duration.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "common/time_zone.h"

namespace evt {

struct SiteHold {
  std::string reason;
  std::string by;  // user@host
  TimePoint since{};
  TimePoint until{};
};

// Replaces any hold with `hold`, in one transaction.
Status PlaceHold(Store& site, const SiteHold& hold);
// Lifts the hold; false when there was none in force at `now`.
Result<bool> LiftHold(Store& site, TimePoint now);
// The hold in force at `now`: one whose time is up is no hold.
Result<std::optional<SiteHold>> HoldAt(Store& site, TimePoint now);
// The same for <state_dir>/site.db, which need not exist yet (no hold).
Result<std::optional<SiteHold>> HoldAt(const std::string& state_dir, TimePoint now);

// "held until 2026-12-05T18:30:00.000Z by ana@gate-1: swapping the router"
std::string HoldText(const SiteHold& hold);
// The same for a table: "held until Fri 11 Dec 18:30 +01:00 by ...", the
// time in `zone` (common/time_display.h) with its date when not today.
std::string HoldText(const SiteHold& hold, const TimeZone& zone, TimePoint now);

// Who is running this: "user@host", for the hold's `by`.
std::string WhoAmI();

// A loop's view of the hold, read afresh each time it is about to act on
// its own (rare: a switch, a shed), so a hold placed a moment ago counts.
// A hold that cannot be read counts as no hold, with a warning once: a
// broken site.db must not stop failover from doing its job.
class HoldKeeper {
 public:
  explicit HoldKeeper(std::string state_dir) : state_dir_(std::move(state_dir)) {}
  const std::optional<SiteHold>& At(TimePoint now);

 private:
  std::string state_dir_;
  std::optional<SiteHold> hold_;
  bool warned_ = false;
};

}  // namespace evt
