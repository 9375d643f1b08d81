// `evt hold` and `evt release`: the site-wide hold of doc/design.md §4.5,
// the same as `evt-TOOL state hold|release`, where a person looks first.
#include <iostream>

#include "common/machine_clock.h"
#include "common/site_hold.h"
#include "common/site_store.h"
#include "common/state_root.h"
#include "tools/evt/commands.h"

namespace evt::front {

Status RunHold(const Options& options) {
  Result<Duration> how_long = ParseDuration(options.hold_for);
  if (!how_long.ok()) return Status::Usage("--for: " + how_long.status().message());
  if (how_long->count() <= 0) return Status::Usage("--for: expected a duration above 0");
  if (options.hold_reason.empty()) return Status::Usage("--reason: say what the person is doing");
  Result<std::string> dir = ResolveStateDir(options.common);
  if (!dir.ok()) return dir.status();
  Result<Store> site = OpenSiteStore(*dir);
  if (!site.ok()) return site.status();
  const TimePoint now = MachineClock().Now();
  SiteHold hold{options.hold_reason, WhoAmI(), now, now + *how_long};
  EVT_RETURN_IF_ERROR(PlaceHold(*site, hold));
  std::cout << *dir << ": site " << HoldText(hold) << "\n";
  return Status::Ok();
}

Status RunRelease(const Options& options) {
  Result<std::string> dir = ResolveStateDir(options.common);
  if (!dir.ok()) return dir.status();
  Result<Store> site = OpenSiteStore(*dir);
  if (!site.ok()) return site.status();
  Result<bool> lifted = LiftHold(*site, MachineClock().Now());
  if (!lifted.ok()) return lifted.status();
  std::cout << *dir << (*lifted ? ": site hold released\n" : ": no site hold to release\n");
  return Status::Ok();
}

}  // namespace evt::front
