// `evt-price status`: the redemption set of this kiosk, for a person or
// for `evt status` (doc/design.md §17). Read-only: the set is opened with
// Store::OpenReadOnly, so it answers beside a kiosk that is redeeming or
// merging and creates no store where there is none. Like `redemptions
// over` it needs the promotions (their limits); a site without them has no
// price status to show.
#include <unistd.h>

#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "tools/price/cli.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/price_status.h"

namespace evt::price {
namespace {

std::string ThisKiosk(const PriceSettings& settings) {
  if (!settings.kiosk.empty()) return settings.kiosk;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kiosk";
  return name;
}

Result<PriceStatus> ReadPriceStatus(const Options& options) {
  EVT_ASSIGN_OR_RETURN(PriceSettings settings, ResolveSettings(options, /*need_catalog=*/false));
  EVT_ASSIGN_OR_RETURN(std::vector<Promotion> promotions, LoadPromotions(settings.promotions, settings.timezone));
  EVT_ASSIGN_OR_RETURN(RedemptionStore store, OpenRedemptionStore(options, StoreAccess::kReadOnly));
  return SummarizeRedemptionSet(store, ThisKiosk(settings), promotions);
}

}  // namespace

Status RunStatus(const Options& options) {
  EVT_ASSIGN_OR_RETURN(PriceStatus status, ReadPriceStatus(options));
  const TimePoint now = SystemClock().Now();
  if (!WantRecords(options.common)) {
    std::string text = PriceStatusText(status, now, ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
    bool ok = std::fputs(text.c_str(), stdout) >= 0 && std::fflush(stdout) == 0;
    return ok ? Status::Ok() : Status::IoErr("write error");
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  EVT_RETURN_IF_ERROR(out.Write(PriceStatusRecord(status, now)));
  return out.Flush();
}

}  // namespace evt::price
