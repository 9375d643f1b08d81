#include "tools/price/redemption.h"

#include <algorithm>
#include <tuple>

#include "tools/price/field_reader.h"

namespace evt::price {

bool PreferredVersion(const Redemption& a, const Redemption& b) {
  return std::tie(a.at, a.kiosk, a.customer, a.promotions) < std::tie(b.at, b.kiosk, b.customer, b.promotions);
}

Result<Redemption> ParseRedemption(const Value& record) {
  Result<FieldReader> in = FieldReader::Of(record, "", "");
  if (!in.ok()) return in.status();
  for (const char* envelope : {"kind", "v", "ts"}) in->Find(envelope);
  Redemption r;
  Result<std::string> order = in->String("order");
  if (!order.ok()) return order.status();
  if (order->empty()) return in->Error("order", "expected a non-empty order id");
  r.order = std::move(*order);
  Result<std::optional<std::string>> customer = in->OptionalString("customer");
  if (!customer.ok()) return customer.status();
  r.customer = customer->value_or("");
  Result<std::string> kiosk = in->String("kiosk");
  if (!kiosk.ok()) return kiosk.status();
  r.kiosk = std::move(*kiosk);
  Result<std::string> at = in->String("at");
  if (!at.ok()) return at.status();
  Result<TimePoint> parsed = ParseRfc3339(*at);
  if (!parsed.ok()) return in->Error("at", parsed.status().message());
  r.at = *parsed;
  Result<std::vector<std::string>> promotions = in->Strings("promotions");
  if (!promotions.ok()) return promotions.status();
  r.promotions = std::move(*promotions);
  std::sort(r.promotions.begin(), r.promotions.end());
  r.promotions.erase(std::unique(r.promotions.begin(), r.promotions.end()), r.promotions.end());
  EVT_RETURN_IF_ERROR(in->Finish());
  return r;
}

Result<Redemption> RedemptionOfQuote(const Value& quote, const std::string& kiosk) {
  Redemption r;
  const Value* cart = quote.find("cart");
  if (!cart || !cart->is_string() || cart->as_string().empty()) {
    return Status::DataErr("/cart: expected the cart id (a non-empty string)");
  }
  r.order = cart->as_string();
  std::string prefix = "quote \"" + r.order + "\": ";
  if (const Value* customer = quote.find("customer"); customer && !customer->is_null()) {
    if (!customer->is_string()) return Status::DataErr(prefix + "/customer: expected a string or null");
    r.customer = customer->as_string();
  }
  const Value* at = quote.find("at");
  if (!at || !at->is_string()) return Status::DataErr(prefix + "/at: expected an RFC 3339 time");
  Result<TimePoint> parsed = ParseRfc3339(at->as_string());
  if (!parsed.ok()) return Status::DataErr(prefix + "/at: " + parsed.status().message());
  r.at = *parsed;
  const Value* applied = quote.find("applied");
  if (!applied || !applied->is_array()) return Status::DataErr(prefix + "/applied: expected an array");
  for (std::size_t i = 0; i < applied->as_array().size(); ++i) {
    const Value* id = applied->as_array()[i].find("promotion");
    if (!id || !id->is_string()) {
      return Status::DataErr(prefix + "/applied/" + std::to_string(i) + "/promotion: expected a promotion id");
    }
    r.promotions.push_back(id->as_string());
  }
  std::sort(r.promotions.begin(), r.promotions.end());
  r.promotions.erase(std::unique(r.promotions.begin(), r.promotions.end()), r.promotions.end());
  r.kiosk = kiosk;
  return r;
}

Value RedemptionContent(const Redemption& r) {
  Value content = Value::object({{"order", r.order}});
  if (!r.customer.empty()) content.set("customer", r.customer);
  content.set("kiosk", r.kiosk);
  content.set("at", FormatRfc3339(r.at));
  Value promotions = Value::array();
  for (const std::string& p : r.promotions) promotions.push_back(p);
  content.set("promotions", std::move(promotions));
  return content;
}

Value RedemptionRecord(const Redemption& r, TimePoint ts) {
  Value record = Value::object({{"kind", "redemption"}, {"v", 1}, {"ts", FormatRfc3339(ts)}});
  Value content = RedemptionContent(r);
  for (Member& m : content.as_object()) record.set(m.first, std::move(m.second));
  return record;
}

}  // namespace evt::price
