#include "tools/price/cart.h"

#include "tools/price/field_reader.h"

namespace evt::price {

std::string CartPrefix(const std::string& id) { return "cart \"" + id + "\": "; }

namespace {

Result<CartLine> ReadLine(const Value& v, const std::string& prefix, std::size_t index) {
  Result<FieldReader> in = FieldReader::Of(v, prefix, "/lines/" + std::to_string(index));
  if (!in.ok()) return in.status();
  CartLine line;
  Result<std::string> sku = in->String("sku");
  if (!sku.ok()) return sku.status();
  line.sku = std::move(*sku);
  Result<std::int64_t> qty = in->Integer("qty", 1);
  if (!qty.ok()) return qty.status();
  line.qty = *qty;
  EVT_RETURN_IF_ERROR(in->Finish());
  return line;
}

Result<std::string> ReadId(const Value& record) {
  Result<FieldReader> in = FieldReader::Of(record, "", "");
  if (!in.ok()) return in.status();
  return in->String("id");
}

}  // namespace

Result<Cart> ParseCart(const Value& record) {
  Result<std::string> id = ReadId(record);
  if (!id.ok()) return id.status();
  Cart cart;
  cart.id = std::move(*id);
  Result<FieldReader> in = FieldReader::Of(record, CartPrefix(cart.id), "");
  if (!in.ok()) return in.status();
  for (const char* envelope : {"id", "kind", "v", "ts"}) in->Find(envelope);
  Result<std::optional<std::string>> customer = in->OptionalString("customer");
  if (!customer.ok()) return customer.status();
  cart.customer = customer->value_or("");
  for (auto [key, field] : {std::pair{"segments", &cart.segments}, std::pair{"codes", &cart.codes}}) {
    Result<std::vector<std::string>> list = in->Strings(key);
    if (!list.ok()) return list.status();
    *field = std::move(*list);
  }
  if (const Value* at = in->Find("at")) {
    if (!at->is_string()) return in->Expected("at", "an RFC 3339 time", *at);
    Result<TimePoint> t = ParseRfc3339(at->as_string());
    if (!t.ok()) return in->Error("at", t.status().message());
    cart.at = *t;
  }
  const Value* lines = in->Find("lines");
  if (!lines) return in->Error("lines", "missing (required)");
  if (!lines->is_array()) return in->Expected("lines", "an array of {\"sku\", \"qty\"}", *lines);
  cart.lines.reserve(lines->as_array().size());
  for (std::size_t i = 0; i < lines->as_array().size(); ++i) {
    Result<CartLine> line = ReadLine(lines->as_array()[i], in->prefix(), i);
    if (!line.ok()) return line.status();
    cart.lines.push_back(std::move(*line));
  }
  EVT_RETURN_IF_ERROR(in->Finish());
  return cart;
}

}  // namespace evt::price
