// The redemptions a kiosk knows of, its own and those merged from other
// kiosks: a grow-only set of orders keyed by order id, in <state>/price.db.
// The only place evt-price's SQL lives; the operations are the ones the
// commands need, so the set could move to another database unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/store.h"
#include "tools/price/redemption.h"

namespace evt::price {

struct StoredRedemption {
  std::int64_t seq = 0;  // local order of arrival: the export cursor
  Redemption redemption;
};

class RedemptionStore {
 public:
  static Result<RedemptionStore> Open(const std::string& state_dir);
  // For the commands that only read the set (quote, export, over): see
  // Store::OpenReadOnly.
  static Result<RedemptionStore> OpenReadOnly(const std::string& state_dir);
  static Result<RedemptionStore> OpenMemory();  // for tests

  // A write transaction: a redeem's check and insert, or a whole merge, is
  // one of these.
  Result<Transaction> BeginWrite();

  Result<std::optional<Redemption>> Lookup(const std::string& order);
  // Adds an order not yet in the set. REQUIRES: Lookup(r.order) is empty.
  Status Insert(const Redemption& r);
  // Puts `r` in place of the stored version of its order, with a new seq.
  Status Replace(const Redemption& r);

  // Orders that used `promotion` (by anyone, or by `customer`).
  Result<std::int64_t> Uses(const std::string& promotion);
  Result<std::int64_t> UsesBy(const std::string& promotion, const std::string& customer);
  // The orders that used `promotion`, oldest first (by at, then order id).
  Result<std::vector<Redemption>> OrdersUsing(const std::string& promotion);
  // Every order that arrived after seq `since`, in seq order.
  Result<std::vector<StoredRedemption>> Export(std::int64_t since);

 private:
  explicit RedemptionStore(Store store) : store_(std::move(store)) {}
  Result<std::vector<std::string>> PromotionsOf(const std::string& order);
  Status InsertUses(const Redemption& r);
  Result<std::int64_t> Count(std::string_view sql, std::initializer_list<SqlValue> params);

  Store store_;
};

}  // namespace evt::price
