#include "tools/price/redemption_reports.h"

#include <algorithm>
#include <utility>

#include "common/clock.h"
#include "common/messages.h"
#include "tools/price/promotion_parse.h"

namespace evt::price {
namespace {

std::string Describe(const Redemption& r) {
  std::string out = "kiosk " + r.kiosk + " at " + FormatRfc3339(r.at);
  if (!r.customer.empty()) out += " for " + r.customer;
  out += " using [";
  for (std::size_t i = 0; i < r.promotions.size(); ++i) out += (i ? ", " : "") + r.promotions[i];
  return out + "]";
}

}  // namespace

Result<std::vector<Promotion>> LimitedPromotions(const Options& options) {
  Result<PriceSettings> settings = ResolveSettings(options, /*need_catalog=*/false);
  if (!settings.ok()) return settings.status();
  return LoadPromotions(settings->promotions, settings->timezone);
}

void WarnConflicts(const std::vector<RedemptionConflict>& conflicts) {
  for (const RedemptionConflict& c : conflicts) {
    bool replaced = PreferredVersion(c.incoming, c.here);
    PrintWarning("order " + c.here.order + ": conflict: here " + Describe(c.here) + ", incoming " +
                 Describe(c.incoming) + "; kept the " + (replaced ? "incoming" : "one here") +
                 " (the same one every kiosk keeps)");
  }
}

Status WriteOverRedemptions(const std::vector<OverRedemption>& found, RecordWriter& writer) {
  TimePoint now = SystemClock().Now();
  for (const OverRedemption& o : found) EVT_RETURN_IF_ERROR(writer.Write(OverRedemptionRecord(o, now)));
  return writer.Flush();
}

std::vector<OverRedemption> OfPromotions(std::vector<OverRedemption> over, const std::vector<std::string>& promotions) {
  std::vector<OverRedemption> out;
  for (OverRedemption& o : over) {
    if (std::binary_search(promotions.begin(), promotions.end(), o.promotion)) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace evt::price
