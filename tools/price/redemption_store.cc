#include "tools/price/redemption_store.h"

namespace evt::price {

namespace {

const std::vector<Migration>& PriceMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "CREATE TABLE redemptions ("
       "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       "  order_id TEXT NOT NULL UNIQUE,"
       "  customer TEXT NOT NULL,"
       "  kiosk TEXT NOT NULL,"
       "  at_ms INTEGER NOT NULL);"
       "CREATE TABLE uses ("
       "  promotion TEXT NOT NULL,"
       "  order_id TEXT NOT NULL REFERENCES redemptions(order_id) ON DELETE CASCADE,"
       "  customer TEXT NOT NULL,"
       "  PRIMARY KEY (promotion, order_id));"
       "CREATE INDEX uses_by_customer ON uses (promotion, customer);"
       "CREATE INDEX uses_by_order ON uses (order_id);"},
  };
  return migrations;
}

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

}  // namespace

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

Result<Transaction> RedemptionStore::BeginWrite() { return Transaction::Begin(store_, TxMode::kWrite); }

Result<std::vector<std::string>> RedemptionStore::PromotionsOf(const std::string& order) {
  Result<Statement> query = store_.Prepare("SELECT promotion FROM uses WHERE order_id = ?1 ORDER BY promotion");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR(query->BindAll({order}));
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(query->ColumnText(0));
  }
}

Result<std::optional<Redemption>> RedemptionStore::Lookup(const std::string& order) {
  Result<Statement> query = store_.Prepare("SELECT customer, kiosk, at_ms FROM redemptions WHERE order_id = ?1");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR(query->BindAll({order}));
  Result<bool> row = query->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Redemption>();
  Redemption r{order, query->ColumnText(0), query->ColumnText(1), TimePoint{std::chrono::milliseconds{query->ColumnInt64(2)}}, {}};
  Result<std::vector<std::string>> promotions = PromotionsOf(order);
  if (!promotions.ok()) return promotions.status();
  r.promotions = std::move(*promotions);
  return std::optional<Redemption>(std::move(r));
}

Status RedemptionStore::InsertUses(const Redemption& r) {
  Result<Statement> insert = store_.Prepare("INSERT INTO uses (promotion, order_id, customer) VALUES (?1, ?2, ?3)");
  if (!insert.ok()) return insert.status();
  for (const std::string& promotion : r.promotions) {
    EVT_RETURN_IF_ERROR(insert->BindAll({promotion, r.order, r.customer}));
    EVT_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

Status RedemptionStore::Insert(const Redemption& r) {
  Result<Statement> insert =
      store_.Prepare("INSERT INTO redemptions (order_id, customer, kiosk, at_ms) VALUES (?1, ?2, ?3, ?4)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR(insert->BindAll({r.order, r.customer, r.kiosk, Millis(r.at)}));
  EVT_RETURN_IF_ERROR(insert->Run());
  return InsertUses(r);
}

Status RedemptionStore::Replace(const Redemption& r) {
  Result<Statement> remove = store_.Prepare("DELETE FROM redemptions WHERE order_id = ?1");
  if (!remove.ok()) return remove.status();
  EVT_RETURN_IF_ERROR(remove->BindAll({r.order}));
  EVT_RETURN_IF_ERROR(remove->Run());
  return Insert(r);
}

Result<std::int64_t> RedemptionStore::Count(std::string_view sql, std::initializer_list<SqlValue> params) {
  Result<Statement> query = store_.Prepare(sql);
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR(query->BindAll(params));
  Result<bool> row = query->Step();
  if (!row.ok()) return row.status();
  return *row ? query->ColumnInt64(0) : 0;
}

Result<std::int64_t> RedemptionStore::Uses(const std::string& promotion) {
  return Count("SELECT count(*) FROM uses WHERE promotion = ?1", {promotion});
}

Result<std::int64_t> RedemptionStore::UsesBy(const std::string& promotion, const std::string& customer) {
  return Count("SELECT count(*) FROM uses WHERE promotion = ?1 AND customer = ?2", {promotion, customer});
}

Result<std::vector<Redemption>> RedemptionStore::OrdersUsing(const std::string& promotion) {
  Result<Statement> query = store_.Prepare(
      "SELECT r.order_id FROM uses u JOIN redemptions r ON r.order_id = u.order_id WHERE u.promotion = ?1 "
      "ORDER BY r.at_ms, r.order_id");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR(query->BindAll({promotion}));
  std::vector<std::string> orders;
  while (true) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    orders.push_back(query->ColumnText(0));
  }
  std::vector<Redemption> out;
  for (const std::string& order : orders) {
    Result<std::optional<Redemption>> r = Lookup(order);
    if (!r.ok()) return r.status();
    if (*r) out.push_back(std::move(**r));
  }
  return out;
}

Result<std::vector<StoredRedemption>> RedemptionStore::Export(std::int64_t since) {
  Result<Statement> query = store_.Prepare("SELECT seq, order_id FROM redemptions WHERE seq > ?1 ORDER BY seq");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR(query->BindAll({since}));
  std::vector<std::pair<std::int64_t, std::string>> rows;
  while (true) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.emplace_back(query->ColumnInt64(0), query->ColumnText(1));
  }
  std::vector<StoredRedemption> out;
  for (auto& [seq, order] : rows) {
    Result<std::optional<Redemption>> r = Lookup(order);
    if (!r.ok()) return r.status();
    if (*r) out.push_back({seq, std::move(**r)});
  }
  return out;
}

}  // namespace evt::price
