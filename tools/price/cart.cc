#include "tools/price/cart.h"

#include <iterator>
#include <string_view>

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

// The fast path: true when `record` is a cart that the FieldReader path
// below would accept, read into `cart` with the same result; false for
// anything else (which that path then reads, and explains).
bool ReadStrings(const Value& v, std::vector<std::string>& out) {
  if (!v.is_array()) return false;
  out.clear();
  for (const Value& item : v.as_array()) {
    if (!item.is_string() || item.as_string().empty()) return false;
    out.push_back(item.as_string());
  }
  return true;
}

bool NonEmptyString(const Value* v) { return v && v->is_string() && !v->as_string().empty(); }

bool ReadLines(const Value& v, std::vector<CartLine>& out) {
  if (!v.is_array()) return false;
  const Array& lines = v.as_array();
  out.resize(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].is_object() || lines[i].as_object().size() != 2) return false;
    const Value* sku = lines[i].find("sku");
    const Value* qty = lines[i].find("qty");
    if (!NonEmptyString(sku) || !qty || !qty->is_int() || qty->as_int() < 1) return false;
    out[i].sku = sku->as_string();
    out[i].qty = qty->as_int();
  }
  return true;
}

bool ReadPlainCart(const Value& record, Cart& cart) {
  if (!record.is_object()) return false;
  const Value* id = nullptr;
  const Value* lines = nullptr;
  unsigned seen = 0;
  cart.customer.clear();
  cart.segments.clear();
  cart.codes.clear();
  cart.at.reset();
  for (const Member& member : record.as_object()) {
    static constexpr std::string_view kKeys[] = {"id", "kind", "v", "ts", "customer", "segments", "codes", "at", "lines"};
    unsigned key = 0;
    while (key < std::size(kKeys) && kKeys[key] != member.first) ++key;
    if (key == std::size(kKeys) || (seen & (1u << key))) return false;  // unknown or repeated: explained below
    seen |= 1u << key;
    const Value& v = member.second;
    switch (key) {
      case 0: id = &v; break;
      case 1: case 2: case 3: break;  // the record envelope: not the cart's business
      case 4:
        if (!NonEmptyString(&v)) return false;
        cart.customer = v.as_string();
        break;
      case 5: if (!ReadStrings(v, cart.segments)) return false; break;
      case 6: if (!ReadStrings(v, cart.codes)) return false; break;
      case 7: {
        if (!v.is_string()) return false;
        Result<TimePoint> at = ParseRfc3339(v.as_string());
        if (!at.ok()) return false;
        cart.at = *at;
        break;
      }
      default: lines = &v; break;
    }
  }
  if (!NonEmptyString(id) || !lines || !ReadLines(*lines, cart.lines)) return false;
  cart.id = id->as_string();
  return true;
}

}  // namespace

Status ParseCart(const Value& record, Cart& cart) {
  if (ReadPlainCart(record, cart)) return Status::Ok();
  Result<Cart> parsed = ParseCart(record);
  if (!parsed.ok()) return parsed.status();
  cart = std::move(*parsed);
  return Status::Ok();
}

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
