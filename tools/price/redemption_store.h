// The redemptions a kiosk knows of, its own and those merged from other
// kiosks: the grow-only set of redemption_set.h in <state>/price.db, with
// the usage counts the limits need. The only place evt-price's SQL lives
// (here and in redemption_set.cc); the operations are the ones the commands
// need, so the set could move to another database unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/store.h"
#include "tools/price/redemption.h"
#include "tools/price/redemption_set.h"

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
  // Whether r's order is new here, here as it is (kDuplicate), or here as
  // another sale (kConflict, with the one here).
  Result<GsetMatch<Redemption>> Match(const Redemption& r) { return set_.Match(r); }
  // Adds an order not yet in the set. REQUIRES: Lookup(r.order) is empty.
  Status Insert(const Redemption& r) { return set_.Insert(r); }
  // Unions `incoming` into the set. REQUIRES: a BeginWrite transaction is
  // open, so that a merge in batches is still all or nothing.
  Result<RedemptionSet::Report> MergeInTransaction(const std::vector<Redemption>& incoming) {
    return set_.Merge(incoming, std::nullopt);
  }

  // The store the set lives in, where the hub keeps this kiosk's cursors.
  Store& store() { return set_.db().store(); }

  // Orders that used `promotion` (by anyone, or by `customer`).
  Result<std::int64_t> Uses(const std::string& promotion);
  Result<std::int64_t> UsesBy(const std::string& promotion, const std::string& customer);
  // Per kiosk (in byte order of the name), the orders it redeemed and the
  // time of its newest, counted by SQLite: `status` needs no order in memory.
  struct KioskCount {
    std::string kiosk;
    std::int64_t orders = 0;
    std::int64_t newest_at_ms = 0;
  };
  Result<std::vector<KioskCount>> CountByKiosk();
  // The customers (named ones) who used `promotion` more than `limit`
  // times, and the orders of theirs past it.
  struct CustomersPast {
    std::int64_t customers = 0;
    std::int64_t orders = 0;
  };
  Result<CustomersPast> CustomersPastLimit(const std::string& promotion, std::int64_t limit);
  // The orders that used `promotion`, oldest first (by at, then order id).
  Result<std::vector<Redemption>> OrdersUsing(const std::string& promotion);
  // Every order that arrived after seq `since`, in seq order.
  Result<std::vector<StoredRedemption>> Export(std::int64_t since);
  // The first `limit` of them: a page for the hub (doc/design.md §18).
  Result<std::vector<StoredRedemption>> Export(std::int64_t since, std::size_t limit);

 private:
  explicit RedemptionStore(Store store) : set_(std::move(store)) {}
  Result<std::int64_t> Count(std::string_view sql, std::initializer_list<SqlValue> params);

  RedemptionSet set_;
};

}  // namespace evt::price
