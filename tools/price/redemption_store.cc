#include "tools/price/redemption_store.h"

namespace evt::price {

Result<RedemptionStore> RedemptionStore::Open(const std::string& state_dir) {
  Result<Store> store = Store::Open(state_dir, "price", PriceMigrations());
  if (!store.ok()) return store.status();
  return RedemptionStore(std::move(*store));
}

Result<RedemptionStore> RedemptionStore::OpenReadOnly(const std::string& state_dir) {
  Result<Store> store = Store::OpenReadOnly(state_dir, "price", PriceMigrations());
  if (!store.ok()) return store.status();
  return RedemptionStore(std::move(*store));
}

Result<RedemptionStore> RedemptionStore::OpenMemory() {
  Result<Store> store = Store::OpenMemory("price", PriceMigrations());
  if (!store.ok()) return store.status();
  return RedemptionStore(std::move(*store));
}

Result<Transaction> RedemptionStore::BeginWrite() { return Transaction::Begin(set_.db().store(), TxMode::kWrite); }

Result<std::optional<Redemption>> RedemptionStore::Lookup(const std::string& order) {
  Result<std::optional<GsetEntry<Redemption>>> found = set_.Find(order);
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<Redemption>();
  return std::optional<Redemption>(std::move((*found)->element));
}

Result<std::int64_t> RedemptionStore::Count(std::string_view sql, std::initializer_list<SqlValue> params) {
  Result<Statement*> query = set_.db().Get(sql);
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR((*query)->BindAll(params));
  Result<bool> row = (*query)->Step();
  if (!row.ok()) return row.status();
  std::int64_t count = *row ? (*query)->ColumnInt64(0) : 0;
  (*query)->Reset();  // a statement left on a row would hold its read snapshot
  return count;
}

Result<std::int64_t> RedemptionStore::Uses(const std::string& promotion) {
  return Count("SELECT uses FROM promotion_uses WHERE promotion = ?1", {promotion});
}

Result<std::int64_t> RedemptionStore::UsesBy(const std::string& promotion, const std::string& customer) {
  return Count("SELECT uses FROM customer_uses WHERE promotion = ?1 AND customer = ?2", {promotion, customer});
}

Result<std::vector<RedemptionStore::KioskCount>> RedemptionStore::CountByKiosk() {
  Result<Statement*> query =
      set_.db().Get("SELECT kiosk, count(*), max(at_ms) FROM redemptions GROUP BY kiosk ORDER BY kiosk");
  if (!query.ok()) return query.status();
  std::vector<KioskCount> out;
  while (true) {
    Result<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({(*query)->ColumnText(0), (*query)->ColumnInt64(1), (*query)->ColumnInt64(2)});
  }
}

Result<RedemptionStore::CustomersPast> RedemptionStore::CustomersPastLimit(const std::string& promotion,
                                                                           std::int64_t limit) {
  Result<Statement*> query = set_.db().Get(
      "SELECT count(*), coalesce(sum(uses - ?2), 0) FROM customer_uses "
      "WHERE promotion = ?1 AND customer != '' AND uses > ?2");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR((*query)->BindAll({promotion, limit}));
  Result<bool> row = (*query)->Step();
  if (!row.ok()) return row.status();
  CustomersPast past;
  if (*row) past = {(*query)->ColumnInt64(0), (*query)->ColumnInt64(1)};
  (*query)->Reset();  // a statement left on a row would hold its read snapshot
  return past;
}

Result<std::vector<Redemption>> RedemptionStore::OrdersUsing(const std::string& promotion) {
  Result<std::vector<GsetEntry<Redemption>>> rows =
      set_.Select("WHERE order_id IN (SELECT order_id FROM uses WHERE promotion = ?1) ORDER BY at_ms, order_id",
                  {promotion});
  if (!rows.ok()) return rows.status();
  std::vector<Redemption> out;
  out.reserve(rows->size());
  for (GsetEntry<Redemption>& row : *rows) out.push_back(std::move(row.element));
  return out;
}

namespace {

std::vector<StoredRedemption> ToStored(std::vector<GsetEntry<Redemption>>& rows) {
  std::vector<StoredRedemption> out;
  out.reserve(rows.size());
  for (GsetEntry<Redemption>& row : rows) out.push_back({row.seq, std::move(row.element)});
  return out;
}

}  // namespace

Result<std::vector<StoredRedemption>> RedemptionStore::Export(std::int64_t since) {
  Result<std::vector<GsetEntry<Redemption>>> rows = set_.Export(since);
  if (!rows.ok()) return rows.status();
  return ToStored(*rows);
}

Result<std::vector<StoredRedemption>> RedemptionStore::Export(std::int64_t since, std::size_t limit) {
  Result<std::vector<GsetEntry<Redemption>>> rows =
      set_.Select("WHERE seq > ?1 ORDER BY seq LIMIT ?2", {since, static_cast<std::int64_t>(limit)});
  if (!rows.ok()) return rows.status();
  return ToStored(*rows);
}

}  // namespace evt::price
