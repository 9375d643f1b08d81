#include "tools/price/order_record.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace evt::price {

namespace {

enum class Shape { kString, kInteger, kArray };

struct PricedPart {
  std::string_view key;
  Shape shape;
};

// In the order they appear in a quote, which the order keeps.
constexpr std::array<PricedPart, 9> kPricedParts{{{"currency", Shape::kString},
                                                   {"tax_mode", Shape::kString},
                                                   {"lines", Shape::kArray},
                                                   {"subtotal", Shape::kInteger},
                                                   {"discount", Shape::kInteger},
                                                   {"tax", Shape::kInteger},
                                                   {"total", Shape::kInteger},
                                                   {"taxes", Shape::kArray},
                                                   {"applied", Shape::kArray}}};

bool HasShape(const Value& v, Shape shape) {
  switch (shape) {
    case Shape::kString: return v.is_string() && !v.as_string().empty();
    case Shape::kInteger: return v.is_int();
    case Shape::kArray: return v.is_array();
  }
  return false;
}

std::string_view ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kString: return "a non-empty string";
    case Shape::kInteger: return "an integer (minor units)";
    case Shape::kArray: return "an array";
  }
  return "";
}

constexpr std::array<std::string_view, 3> kPaymentStates{"pending", "authorized", "paid"};

Result<Value> PaymentOf(const Value* payment, const std::string& prefix) {
  if (!payment) return Value::object({{"state", "pending"}});
  if (!payment->is_object()) return Status::DataErr(prefix + "/payment: expected an object {\"state\", \"ref\"}");
  Value out = Value::object();
  const Value* state = payment->find("state");
  bool known = state && state->is_string() &&
               std::find(kPaymentStates.begin(), kPaymentStates.end(), state->as_string()) != kPaymentStates.end();
  if (!known) return Status::DataErr(prefix + "/payment/state: expected pending, authorized or paid");
  out.set("state", *state);
  for (const Member& m : payment->as_object()) {
    if (m.first == "state") continue;
    if (m.first != "ref") return Status::DataErr(prefix + "/payment/" + m.first + ": unknown key (expected state, ref)");
    if (!m.second.is_string() || m.second.as_string().empty()) {
      return Status::DataErr(prefix + "/payment/ref: expected a non-empty string");
    }
    out.set("ref", m.second);
  }
  return out;
}

}  // namespace

Result<Value> OrderRecord(const Value& quote, const Redemption& redemption, TimePoint ts) {
  std::string prefix = "quote \"" + redemption.order + "\": ";
  Value record = Value::object({{"kind", "order"}, {"v", 1}, {"ts", FormatRfc3339(ts)}, {"id", redemption.order},
                                {"kiosk", redemption.kiosk}});
  if (!redemption.customer.empty()) record.set("customer", redemption.customer);
  record.set("at", FormatRfc3339(redemption.at));
  for (const PricedPart& part : kPricedParts) {
    const Value* v = quote.find(part.key);
    if (!v || !HasShape(*v, part.shape)) {
      return Status::DataErr(prefix + "/" + std::string(part.key) + ": expected " + std::string(ShapeName(part.shape)));
    }
    record.set(part.key, *v);
  }
  Result<Value> payment = PaymentOf(quote.find("payment"), prefix);
  if (!payment.ok()) return payment.status();
  record.set("payment", std::move(*payment));
  return record;
}

}  // namespace evt::price
