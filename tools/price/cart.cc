#include "tools/price/cart.h"

#include <iterator>

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
  return in->String(NameOf(CartKey::kId));
}

// A line that is exactly {"sku": a non-empty string, "qty": an integer
// >= 1}, as nearly every line is, read into `out` without a FieldReader
// (whose messages cost allocations ReadLine makes only when needed); false
// for any other, which ReadLine then reads and explains.
bool ReadWellFormedLine(const Value& v, CartLine& out) {
  if (!v.is_object() || v.as_object().size() != 2) return false;
  const Value* sku = v.find("sku");
  const Value* qty = v.find("qty");
  if (!sku || !sku->is_string() || sku->as_string().empty() || !qty || !qty->is_int() || qty->as_int() < 1) {
    return false;
  }
  out.sku = sku->as_string();
  out.qty = qty->as_int();
  return true;
}

Status ReadLines(FieldReader& in, std::vector<CartLine>& out) {
  std::string_view key = NameOf(CartKey::kLines);
  const Value* lines = in.Find(key);
  if (!lines) return in.Error(key, "missing (required)");
  if (!lines->is_array()) return in.Expected(key, "an array of {\"sku\", \"qty\"}", *lines);
  const Array& items = lines->as_array();
  out.resize(items.size());  // reusing the strings of the cart before
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (ReadWellFormedLine(items[i], out[i])) continue;
    Result<CartLine> line = ReadLine(items[i], in.prefix(), i);
    if (!line.ok()) return line.status();
    out[i] = std::move(*line);
  }
  return Status::Ok();
}

// One member of the cart, by its key. The id was read first, for the
// prefix of every message.
Status ReadMember(FieldReader& in, CartKey key, Cart& cart) {
  std::string_view name = NameOf(key);
  switch (key) {
    case CartKey::kId:
    case CartKey::kKind:
    case CartKey::kV:
    case CartKey::kTs:  // the record envelope: not the cart's business
      in.Find(name);
      return Status::Ok();
    case CartKey::kCustomer: {
      Result<std::optional<std::string>> customer = in.OptionalString(name);
      if (!customer.ok()) return customer.status();
      cart.customer = customer->value_or("");
      return Status::Ok();
    }
    case CartKey::kSegments:
    case CartKey::kCodes: {
      Result<std::vector<std::string>> list = in.Strings(name);
      if (!list.ok()) return list.status();
      (key == CartKey::kSegments ? cart.segments : cart.codes) = std::move(*list);
      return Status::Ok();
    }
    case CartKey::kAt: {
      const Value* at = in.Find(name);
      if (!at) return Status::Ok();
      if (!at->is_string()) return in.Expected(name, "an RFC 3339 time", *at);
      Result<TimePoint> t = ParseRfc3339(at->as_string());
      if (!t.ok()) return in.Error(name, t.status().message());
      cart.at = *t;
      return Status::Ok();
    }
    case CartKey::kLines: return ReadLines(in, cart.lines);
  }
  return Status::Internal("cart key out of range");
}

}  // namespace

Status ParseCart(const Value& record, Cart& cart) {
  Result<std::string> id = ReadId(record);
  if (!id.ok()) return id.status();
  cart.id = std::move(*id);
  cart.customer.clear();
  cart.segments.clear();
  cart.codes.clear();
  cart.at.reset();
  Result<FieldReader> in = FieldReader::Of(record, CartPrefix(cart.id), "");
  if (!in.ok()) return in.status();
  for (std::size_t k = 0; k < std::size(kCartKeyNames); ++k) {
    EVT_RETURN_IF_ERROR(ReadMember(*in, static_cast<CartKey>(k), cart));
  }
  return in->Finish();
}

Result<Cart> ParseCart(const Value& record) {
  Cart cart;
  EVT_RETURN_IF_ERROR(ParseCart(record, cart));
  return cart;
}

}  // namespace evt::price
