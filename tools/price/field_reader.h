// Strict reading of one JSON object of the price engine's inputs (catalog,
// promotions, carts): every getter names its key, and Finish() refuses the
// keys nobody asked for, so a typo ("min_subtotl") is an error rather than
// a promotion that silently applies to everyone. Errors are DataErr:
//   catalog.json: /items/3/price: expected an integer amount in minor units >= 0, got 19.99
//   carts.jsonl:17: cart "c-17": /lines/2/qty: expected a whole number >= 1, got 0
// The asking and the unknown keys are ConfigObject's (with exit 65 and the
// first unknown key alone); the getters here are the engine's own shapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_object.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/price/money.h"

namespace evt::price {

class FieldReader {
 public:
  // `prefix` starts every message ("catalog.json: "); `pointer` is the JSON
  // pointer of `value` in its document ("/items/3", "" for the root).
  // Fails when `value` is not an object.
  // REQUIRES: prefix is "" or ends in ": "; `value` outlives the reader.
  static Result<FieldReader> Of(const Value& value, std::string prefix, std::string pointer);

  // The member, or nullptr when absent; either way the key counts as asked.
  const Value* Find(std::string_view key) { return object_.Raw(key); }
  bool Has(std::string_view key) const { return object_.Has(key); }

  Result<std::string> String(std::string_view key);
  Result<std::optional<std::string>> OptionalString(std::string_view key);
  // An array of strings; absent is empty.
  Result<std::vector<std::string>> Strings(std::string_view key);
  Result<bool> Bool(std::string_view key, bool fallback);
  // A JSON integer >= minimum (no fraction, no 3.0: amounts and counts are
  // written as integers).
  Result<std::int64_t> Integer(std::string_view key, std::int64_t minimum);
  Result<std::optional<std::int64_t>> OptionalInteger(std::string_view key, std::int64_t minimum);
  // A percentage above 0 and at most 100, with up to 7 decimals: 12.5.
  Result<Rate> Percent(std::string_view key);
  // A nested object, for the caller to read and Finish().
  Result<FieldReader> Object(std::string_view key);
  // "/items/3/price": the pointer of a member.
  std::string PointerOf(std::string_view key) const;
  const std::string& pointer() const { return object_.pointer(); }
  // "catalog.json: ", or "" for none: what Of() was given.
  std::string prefix() const;

  // DataErr "<prefix><pointer>/<key>: <what>".
  Status Error(std::string_view key, std::string_view what) const;
  // DataErr "<prefix><pointer>: <what>" (or "<prefix><what>" at the root).
  Status Error(std::string_view what) const;
  Status Expected(std::string_view key, std::string_view what, const Value& got) const;

  // Fails naming the first key present that no getter asked for.
  Status Finish() const { return object_.Finish(); }

 private:
  explicit FieldReader(ConfigObject object) : object_(std::move(object)) {}
  const Value* Required(std::string_view key, Status& error);

  ConfigObject object_;
};

// A description of `v` for "got ...": strings quoted, numbers as written.
std::string Describe(const Value& v);

}  // namespace evt::price
