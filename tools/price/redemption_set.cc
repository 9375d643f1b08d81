#include "tools/price/redemption_set.h"

#include <chrono>

namespace evt::price {
namespace {

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

Result<std::vector<std::string>> PromotionsOf(StatementCache& db, const std::string& order) {
  Result<Statement*> query = db.Get("SELECT promotion FROM uses WHERE order_id = ?1 ORDER BY promotion");
  if (!query.ok()) return query.status();
  EVT_RETURN_IF_ERROR((*query)->BindAll({order}));
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back((*query)->ColumnText(0));
  }
}

}  // namespace

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

const GsetTable& RedemptionSetSchema::Table() {
  static const GsetTable table{"redemptions", "order_id", "seq", "order_id, customer, kiosk, at_ms", ""};
  return table;
}

Result<Redemption> RedemptionSetSchema::Read(StatementCache& db, const Statement& row) {
  Redemption r{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
               TimePoint{std::chrono::milliseconds{row.ColumnInt64(3)}}, {}};
  Result<std::vector<std::string>> promotions = PromotionsOf(db, r.order);
  if (!promotions.ok()) return promotions.status();
  r.promotions = std::move(*promotions);
  return r;
}

// A replaced order's uses went with it (ON DELETE CASCADE).
Status RedemptionSetSchema::Insert(StatementCache& db, const Redemption& r) {
  Result<Statement*> insert =
      db.Get("INSERT INTO redemptions (order_id, customer, kiosk, at_ms) VALUES (?1, ?2, ?3, ?4)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR((*insert)->BindAll({r.order, r.customer, r.kiosk, Millis(r.at)}));
  EVT_RETURN_IF_ERROR((*insert)->Run());
  Result<Statement*> use = db.Get("INSERT INTO uses (promotion, order_id, customer) VALUES (?1, ?2, ?3)");
  if (!use.ok()) return use.status();
  for (const std::string& promotion : r.promotions) {
    EVT_RETURN_IF_ERROR((*use)->BindAll({promotion, r.order, r.customer}));
    EVT_RETURN_IF_ERROR((*use)->Run());
  }
  return Status::Ok();
}

}  // namespace evt::price
