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
      // A limit's count kept as uses come and go (a replaced order's go by
      // its cascade), rather than counted from the uses at each check: a
      // count(*) grew with every use of the promotion, and the index by
      // customer took each merged use to a page of its customer's, so a
      // merge of a million redemptions over 5,000 customers took 14 s
      // where 100k took 0.8 (tests/bench/merge_scale.sh). The counts are a
      // row per promotion and per customer of it: small, and in cache.
      // Insert counts a use; a trigger uncounts it, since a use goes by
      // the cascade of its order's delete. Not a trigger for both: a
      // trigger on insert makes every insert keep a statement journal,
      // which doubled a merge's time.
      {2,
       "CREATE TABLE promotion_uses ("
       "  promotion TEXT PRIMARY KEY,"
       "  uses INTEGER NOT NULL CHECK (uses >= 0)) WITHOUT ROWID;"
       "CREATE TABLE customer_uses ("
       "  promotion TEXT NOT NULL,"
       "  customer TEXT NOT NULL,"
       "  uses INTEGER NOT NULL CHECK (uses >= 0),"
       "  PRIMARY KEY (promotion, customer)) WITHOUT ROWID;"
       "INSERT INTO promotion_uses SELECT promotion, count(*) FROM uses GROUP BY promotion;"
       "INSERT INTO customer_uses SELECT promotion, customer, count(*) FROM uses GROUP BY promotion, customer;"
       "DROP INDEX uses_by_customer;"
       "CREATE TRIGGER uses_uncounted AFTER DELETE ON uses BEGIN"
       "  UPDATE promotion_uses SET uses = uses - 1 WHERE promotion = OLD.promotion;"
       "  UPDATE customer_uses SET uses = uses - 1 WHERE promotion = OLD.promotion AND customer = OLD.customer;"
       "END;"},
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
  Result<Statement*> count = db.Get(
      "INSERT INTO promotion_uses (promotion, uses) VALUES (?1, 1) "
      "ON CONFLICT (promotion) DO UPDATE SET uses = uses + 1");
  if (!count.ok()) return count.status();
  Result<Statement*> count_by = db.Get(
      "INSERT INTO customer_uses (promotion, customer, uses) VALUES (?1, ?2, 1) "
      "ON CONFLICT (promotion, customer) DO UPDATE SET uses = uses + 1");
  if (!count_by.ok()) return count_by.status();
  for (const std::string& promotion : r.promotions) {
    EVT_RETURN_IF_ERROR((*use)->BindAll({promotion, r.order, r.customer}));
    EVT_RETURN_IF_ERROR((*use)->Run());
    EVT_RETURN_IF_ERROR((*count)->BindAll({promotion}));
    EVT_RETURN_IF_ERROR((*count)->Run());
    EVT_RETURN_IF_ERROR((*count_by)->BindAll({promotion, r.customer}));
    EVT_RETURN_IF_ERROR((*count_by)->Run());
  }
  return Status::Ok();
}

}  // namespace evt::price
