#include "tools/price/price_status.h"

#include <algorithm>
#include <chrono>

#include "common/duration.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/text_width.h"
#include "common/time_display.h"

namespace evt::price {
namespace {

std::string LimitText(const PromotionUse& p) {
  std::string text = p.limit ? std::to_string(*p.limit) : "-";
  if (p.limit_per_customer) text += " (" + std::to_string(*p.limit_per_customer) + " each)";
  return text;
}

}  // namespace

Result<PriceStatus> SummarizeRedemptionSet(RedemptionStore& store, std::string kiosk,
                                           const std::vector<Promotion>& promotions) {
  PriceStatus status;
  status.kiosk = std::move(kiosk);
  Result<std::vector<RedemptionStore::KioskCount>> counts = store.CountByKiosk();
  if (!counts.ok()) return counts.status();
  for (const RedemptionStore::KioskCount& c : *counts) {
    status.kiosks.push_back({c.kiosk, c.orders, TimePoint{std::chrono::milliseconds{c.newest_at_ms}}});
    status.redemptions += c.orders;
  }
  auto here = std::lower_bound(status.kiosks.begin(), status.kiosks.end(), status.kiosk,
                               [](const KioskTally& k, const std::string& name) { return k.kiosk < name; });
  if (here == status.kiosks.end() || here->kiosk != status.kiosk) status.kiosks.insert(here, {status.kiosk, 0, {}});
  for (const Promotion& p : promotions) {
    if (!p.limit.any()) continue;
    Result<LimitOverrun> overrun = OverrunOf(store, p);
    if (!overrun.ok()) return overrun.status();
    status.over_redemptions += overrun->limits;
    status.orders_over += overrun->orders;
    status.promotions.push_back({p.id, overrun->used, p.limit.total, p.limit.per_customer, overrun->orders});
  }
  return status;
}

Value PriceStatusRecord(const PriceStatus& status, TimePoint now) {
  Value record = Value::object({{"kind", "price.status"},
                                {"v", 1},
                                {"ts", FormatRfc3339(now)},
                                {"kiosk", status.kiosk},
                                {"redemptions", status.redemptions},
                                {"over_redemptions", status.over_redemptions},
                                {"orders_over", status.orders_over}});
  Value kiosks = Value::array();
  for (const KioskTally& k : status.kiosks) {
    Value v = Value::object({{"kiosk", k.kiosk}, {"redemptions", k.redemptions}});
    if (k.last_at) v.set("last_at", FormatRfc3339(*k.last_at));
    kiosks.push_back(std::move(v));
  }
  record.set("kiosks", std::move(kiosks));
  Value promotions = Value::array();
  for (const PromotionUse& p : status.promotions) {
    Value v = Value::object({{"promotion", p.promotion}, {"used", p.used}});
    if (p.limit) v.set("limit", *p.limit);
    if (p.limit_per_customer) v.set("limit_per_customer", *p.limit_per_customer);
    v.set("over", p.over);
    promotions.push_back(std::move(v));
  }
  record.set("promotions", std::move(promotions));
  return record;
}

std::string PriceStatusText(const PriceStatus& status, TimePoint now, bool color, int width) {
  std::string line = "kiosk " + status.kiosk + ": " + std::to_string(status.redemptions) + " redemptions, " +
                     std::to_string(status.over_redemptions) + " over-redemptions (" +
                     std::to_string(status.orders_over) + " orders past a limit)";
  std::string text = WrapLines(line, width);
  Table kiosks;
  kiosks.AddColumn("kiosk", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  kiosks.AddColumn("redemptions", {.priority = Priority::kHigh});
  kiosks.AddColumn("newest");
  for (const KioskTally& k : status.kiosks) {
    kiosks.AddRow({k.kiosk == status.kiosk ? k.kiosk + " (here)" : k.kiosk, std::to_string(k.redemptions),
                   k.last_at ? AgeText(*k.last_at, now) + " ago" : "-"});
  }
  text += kiosks.Render(color, width);
  if (status.promotions.empty()) return text;
  Table promotions;
  promotions.AddColumn("promotion", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  promotions.AddColumn("used", {.priority = Priority::kHigh});
  promotions.AddColumn("limit");
  promotions.AddColumn("over", {.priority = Priority::kHigh});
  for (const PromotionUse& p : status.promotions) {
    bool at_limit = p.limit && p.used >= *p.limit;
    promotions.AddRow({p.promotion, {std::to_string(p.used), at_limit ? Style::kWarn : Style::kPlain}, LimitText(p),
                       {std::to_string(p.over), p.over > 0 ? Style::kBad : Style::kPlain}});
  }
  return text + "\n" + promotions.Render(color, width);
}

}  // namespace evt::price
