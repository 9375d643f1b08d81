// Usage limits: redeeming once per order, refusing past a limit, merging
// kiosks' sets (commutative, associative, idempotent) and reporting the
// over-redemptions that happened while they were apart.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "price_test_util.h"
#include "tests/unit/store_test_util.h"
#include "tools/price/redemption_limits.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","items":[{"sku":"TEE","price":2000},{"sku":"MUG","price":1000}]})";
const char* kPromotions = R"({"promotions":[
  {"id":"last","kind":"cart_amount_off","amount":500,"code":"LAST","limit":{"total":2}},
  {"id":"once","kind":"percent_off","percent":10,"target":{"skus":["TEE"]},"limit":{"per_customer":1}},
  {"id":"free","kind":"percent_off","percent":5,"target":{"skus":["MUG"]}}]})";

std::vector<Promotion> Promotions() {
  Result<std::vector<Promotion>> p = ParsePromotions(Json(kPromotions), "promotions.json", "UTC");
  REQUIRE(p.ok());
  return *p;
}

RedemptionStore MemoryStore() {
  Result<RedemptionStore> store = RedemptionStore::OpenMemory();
  REQUIRE(store.ok());
  return std::move(*store);
}

TimePoint Minute(int m) { return kNoon + std::chrono::minutes{m}; }

Redemption Order(std::string order, std::string customer, std::string kiosk, int minute,
                 std::vector<std::string> promotions) {
  return {std::move(order), std::move(customer), std::move(kiosk), Minute(minute), std::move(promotions)};
}

RedeemResult RedeemOk(RedemptionStore& store, const Redemption& r) {
  Result<RedeemOutcome> outcome = Redeem(store, r, LimitsOf(Promotions()));
  INFO(outcome.status().ToString());
  REQUIRE(outcome.ok());
  return outcome->result;
}

std::vector<Redemption> Contents(RedemptionStore& store) {
  Result<std::vector<StoredRedemption>> all = store.Export(0);
  REQUIRE(all.ok());
  std::vector<Redemption> out;
  for (auto& s : *all) out.push_back(s.redemption);
  std::sort(out.begin(), out.end(), [](const Redemption& a, const Redemption& b) { return a.order < b.order; });
  return out;
}

std::vector<Redemption> ExportOf(RedemptionStore& store) {
  Result<std::vector<StoredRedemption>> all = store.Export(0);
  REQUIRE(all.ok());
  std::vector<Redemption> out;
  for (auto& s : *all) out.push_back(s.redemption);
  return out;
}

void MergeOk(RedemptionStore& into, const std::vector<Redemption>& incoming) {
  Result<MergeCounts> counts = Merge(into, incoming);
  INFO(counts.status().ToString());
  REQUIRE(counts.ok());
}

std::int64_t UsesOf(RedemptionStore& store, const std::string& promotion) {
  Result<std::int64_t> n = store.Uses(promotion);
  REQUIRE(n.ok());
  return *n;
}

// The counts a limit reads, against the orders the set holds.
void CheckCountsAreTheOrders(RedemptionStore& store) {
  std::map<std::string, std::int64_t> uses;
  std::map<std::pair<std::string, std::string>, std::int64_t> by;
  for (const Redemption& r : Contents(store)) {
    for (const std::string& p : r.promotions) {
      ++uses[p];
      ++by[{p, r.customer}];
    }
  }
  for (const std::string p : {"last", "once", "free"}) {
    INFO(p);
    CHECK(UsesOf(store, p) == uses[p]);
    for (const std::string customer : {"u0", "u1", "u2"}) {
      Result<std::int64_t> n = store.UsesBy(p, customer);
      REQUIRE(n.ok());
      CHECK(*n == by[{p, customer}]);
    }
  }
}

}  // namespace

TEST_CASE("price redemption: an order is redeemed once, a replay counts nothing") {
  RedemptionStore store = MemoryStore();
  Redemption r = Order("o1", "u1", "k1", 0, {"free", "last"});
  CHECK(RedeemOk(store, r) == RedeemResult::kRedeemed);
  CHECK(RedeemOk(store, r) == RedeemResult::kReplayed);
  CHECK(UsesOf(store, "last") == 1);
  CHECK(UsesOf(store, "free") == 1);
}

TEST_CASE("price redemption: another sale under a used order id is a conflict, never a replay") {
  RedemptionStore store = MemoryStore();
  Redemption first = Order("o1", "u1", "k1", 0, {"last"});
  REQUIRE(RedeemOk(store, first) == RedeemResult::kRedeemed);
  // Each field alone makes it another sale.
  for (const Redemption& other : {Order("o1", "u2", "k1", 0, {"last"}), Order("o1", "u1", "k2", 0, {"last"}),
                                  Order("o1", "u1", "k1", 5, {"last"}), Order("o1", "u1", "k1", 0, {"free", "last"}),
                                  Order("o1", "", "k1", 0, {"last"})}) {
    Result<RedeemOutcome> outcome = Redeem(store, other, LimitsOf(Promotions()));
    REQUIRE(outcome.ok());
    CHECK(outcome->result == RedeemResult::kConflict);
    REQUIRE(outcome->stored.has_value());
    CHECK(*outcome->stored == first);
  }
  CHECK(UsesOf(store, "last") == 1);
  CHECK(UsesOf(store, "free") == 0);
  CHECK(RedeemOk(store, first) == RedeemResult::kReplayed);
}

TEST_CASE("price redemption: a merge reports every reused order id, and kiosks still converge") {
  RedemptionStore a = MemoryStore();
  RedemptionStore b = MemoryStore();
  REQUIRE(RedeemOk(a, Order("o1", "u1", "a", 0, {"last"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(b, Order("o1", "u2", "b", 3, {"last"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(b, Order("o2", "u3", "b", 4, {"free"})) == RedeemResult::kRedeemed);
  std::vector<Redemption> from_a = ExportOf(a);
  std::vector<Redemption> from_b = ExportOf(b);
  Result<MergeCounts> into_a = Merge(a, from_b);
  Result<MergeCounts> into_b = Merge(b, from_a);
  REQUIRE((into_a.ok() && into_b.ok()));
  CHECK(into_a->added == 1);
  REQUIRE(into_a->conflicts.size() == 1);
  CHECK(into_a->conflicts[0].here.kiosk == "a");
  CHECK(into_a->conflicts[0].incoming.kiosk == "b");
  REQUIRE(into_b->conflicts.size() == 1);
  CHECK(into_b->replaced == 1);  // a's is the earlier sale: every kiosk keeps it
  CHECK(Contents(a) == Contents(b));
  // The same content again is a duplicate delivery, not a conflict.
  Result<MergeCounts> again = Merge(a, ExportOf(b));
  REQUIRE(again.ok());
  CHECK(again->conflicts.empty());
  CHECK(again->unchanged == 2);
}

TEST_CASE("price redemption: past the total limit an order is refused and nothing changes") {
  RedemptionStore store = MemoryStore();
  CHECK(RedeemOk(store, Order("o1", "u1", "k1", 0, {"last"})) == RedeemResult::kRedeemed);
  CHECK(RedeemOk(store, Order("o2", "u2", "k1", 1, {"last"})) == RedeemResult::kRedeemed);
  Result<RedeemOutcome> third = Redeem(store, Order("o3", "u3", "k1", 2, {"free", "last"}), LimitsOf(Promotions()));
  REQUIRE(third.ok());
  CHECK(third->result == RedeemResult::kRefused);
  REQUIRE(third->breaches.size() == 1);
  CHECK(third->breaches[0].promotion == "last");
  CHECK(third->breaches[0].scope == "total");
  CHECK(third->breaches[0].limit == 2);
  CHECK(third->breaches[0].used == 2);
  CHECK(UsesOf(store, "free") == 0);
  Result<std::optional<Redemption>> o3 = store.Lookup("o3");
  REQUIRE(o3.ok());
  CHECK(!o3->has_value());
}

TEST_CASE("price redemption: per-customer limits count each customer, anonymous orders may not use them") {
  RedemptionStore store = MemoryStore();
  CHECK(RedeemOk(store, Order("o1", "u1", "k1", 0, {"once"})) == RedeemResult::kRedeemed);
  CHECK(RedeemOk(store, Order("o2", "u1", "k1", 1, {"once"})) == RedeemResult::kRefused);
  CHECK(RedeemOk(store, Order("o3", "u2", "k1", 2, {"once"})) == RedeemResult::kRedeemed);
  CHECK(RedeemOk(store, Order("o4", "", "k1", 3, {"once"})) == RedeemResult::kRefused);
}

TEST_CASE("price redemption: quote rejects a promotion at its limit with usage_limit_reached and still prices") {
  PriceEngine engine = EngineFromText(kCatalog, kPromotions);
  RedemptionStore store = MemoryStore();
  StoreUsageLimits limits(store);
  PriceOptions options;
  options.usage = &limits;
  const char* cart = R"({"id":"c","customer":"u1","codes":["LAST"],"lines":[{"sku":"TEE","qty":1},{"sku":"MUG","qty":1}]})";
  Quote before = PriceOk(engine, cart, options);
  CHECK(before.applied.size() == 3);
  REQUIRE(RedeemOk(store, Order("o1", "u1", "k1", 0, {"last", "once"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(store, Order("o2", "u2", "k1", 0, {"last"})) == RedeemResult::kRedeemed);
  Quote after = PriceOk(engine, cart, options);
  CHECK(limits.error().ok());
  REQUIRE(after.applied.size() == 1);
  CHECK(engine.promotions()[after.applied[0].promotion].id == "free");
  CHECK(after.total == 3000 - 50);
  std::vector<std::string> limited;
  for (const Rejected& r : after.rejected) {
    if (r.reason == RejectReason::kUsageLimitReached) limited.push_back(engine.promotions()[*r.promotion].id);
  }
  std::sort(limited.begin(), limited.end());
  CHECK(limited == std::vector<std::string>{"last", "once"});
  // An anonymous cart may not use a per-customer promotion.
  Quote anonymous = PriceOk(engine, R"({"id":"c","lines":[{"sku":"TEE","qty":1}]})", options);
  REQUIRE(anonymous.rejected.size() == 2);  // and "last": code_missing
  CHECK(engine.promotions()[*anonymous.rejected[1].promotion].id == "once");
  CHECK(anonymous.rejected[1].reason == RejectReason::kUsageLimitReached);
}

TEST_CASE("price redemption: two kiosks apart each redeem the last use, merged both ways they report the same") {
  RedemptionStore a = MemoryStore();
  RedemptionStore b = MemoryStore();
  for (RedemptionStore* kiosk : {&a, &b}) {
    REQUIRE(RedeemOk(*kiosk, Order("shared-1", "u1", "a", 0, {"last"})) == RedeemResult::kRedeemed);
  }
  CHECK(RedeemOk(a, Order("a-7", "u7", "a", 10, {"last"})) == RedeemResult::kRedeemed);
  CHECK(RedeemOk(b, Order("b-3", "u3", "b", 12, {"last"})) == RedeemResult::kRedeemed);
  std::vector<Redemption> from_a = ExportOf(a);
  std::vector<Redemption> from_b = ExportOf(b);
  MergeOk(a, from_b);
  MergeOk(b, from_a);
  CHECK(Contents(a) == Contents(b));
  Result<std::vector<OverRedemption>> over_a = FindOverRedemptions(a, Promotions());
  Result<std::vector<OverRedemption>> over_b = FindOverRedemptions(b, Promotions());
  REQUIRE(over_a.ok());
  REQUIRE(over_b.ok());
  REQUIRE(over_a->size() == 1);
  REQUIRE(over_b->size() == 1);
  TimePoint ts = kNoon;
  CHECK(OverRedemptionRecord((*over_a)[0], ts) == OverRedemptionRecord((*over_b)[0], ts));
  const OverRedemption& o = (*over_a)[0];
  CHECK(o.promotion == "last");
  CHECK(o.limit == 2);
  REQUIRE(o.orders.size() == 3);
  CHECK(o.orders[2].order == "b-3");  // the latest is the one past the limit
  CHECK(o.over_from == 2);
}

// Orders are read only for a promotion the counts put past a limit; each
// limit alone, at one over, must still be found, and at the limit not.
TEST_CASE("price redemption: over-redemptions are found from the counts, each limit alone, one past it") {
  RedemptionStore store = MemoryStore();
  MergeOk(store, {Order("o1", "u1", "a", 1, {"last", "once"}), Order("o2", "u2", "b", 2, {"last", "once"})});
  Result<std::vector<OverRedemption>> at_limits = FindOverRedemptions(store, Promotions());
  REQUIRE(at_limits.ok());
  CHECK(at_limits->empty());  // "last" used twice of 2, "once" once by each

  MergeOk(store, {Order("o3", "u1", "b", 3, {"once"})});  // u1 past "once" alone
  Result<std::vector<OverRedemption>> per_customer = FindOverRedemptions(store, Promotions());
  REQUIRE(per_customer.ok());
  REQUIRE(per_customer->size() == 1);
  CHECK((*per_customer)[0].promotion == "once");
  CHECK((*per_customer)[0].customer == "u1");
  CHECK((*per_customer)[0].orders.size() == 2);

  MergeOk(store, {Order("o4", "", "a", 4, {"last"})});  // "last" past its total alone
  Result<std::vector<OverRedemption>> total = FindOverRedemptions(store, Promotions());
  REQUIRE(total.ok());
  REQUIRE(total->size() == 2);
  CHECK((*total)[0].promotion == "last");
  CHECK((*total)[0].scope == "total");
  CHECK((*total)[0].over_from == 2);
}

TEST_CASE("price redemption: merging is commutative, associative and idempotent (random sets)") {
  std::mt19937 random(20261205);
  for (int round = 0; round < 30; ++round) {
    std::vector<std::vector<Redemption>> kiosks(3);
    std::uniform_int_distribution<int> order_id(0, 11), minute(0, 5), which(0, 2);
    const std::vector<std::string> ids = {"last", "once", "free"};
    for (std::size_t k = 0; k < kiosks.size(); ++k) {
      for (int n = 0; n < 6; ++n) {
        // Order ids collide across kiosks, sometimes with other contents.
        std::vector<std::string> promotions = {ids[static_cast<std::size_t>(which(random))]};
        kiosks[k].push_back(Order("o" + std::to_string(order_id(random)), "u" + std::to_string(which(random)),
                                  "k" + std::to_string(k), minute(random), promotions));
      }
    }
    std::vector<int> permutation = {0, 1, 2};
    std::optional<std::vector<Redemption>> first;
    do {
      RedemptionStore store = MemoryStore();
      for (int k : permutation) MergeOk(store, kiosks[static_cast<std::size_t>(k)]);
      std::vector<Redemption> contents = Contents(store);
      if (!first) first = contents;
      CHECK(contents == *first);
      CheckCountsAreTheOrders(store);  // a conflict's preferred sale replaced the other's uses
      MergeOk(store, kiosks[static_cast<std::size_t>(permutation[0])]);  // idempotent
      CHECK(Contents(store) == *first);
    } while (std::next_permutation(permutation.begin(), permutation.end()));
    // Associative: (a + b) exported, then merged with c, equals a + (b + c).
    RedemptionStore ab = MemoryStore(), bc = MemoryStore(), left = MemoryStore(), right = MemoryStore();
    MergeOk(ab, kiosks[0]);
    MergeOk(ab, kiosks[1]);
    MergeOk(bc, kiosks[1]);
    MergeOk(bc, kiosks[2]);
    MergeOk(left, ExportOf(ab));
    MergeOk(left, kiosks[2]);
    MergeOk(right, kiosks[0]);
    MergeOk(right, ExportOf(bc));
    CHECK(Contents(left) == *first);
    CHECK(Contents(right) == *first);
  }
}

TEST_CASE("price redemption: a limit must be a whole number >= 1, and say which") {
  for (const char* limit : {R"({})", R"({"total":0})", R"({"per_customer":1.5})", R"({"totl":3})", R"(3)"}) {
    INFO(limit);
    Result<std::vector<Promotion>> p = ParsePromotions(
        Json(std::string(R"({"promotions":[{"id":"a","kind":"percent_off","percent":5,"limit":)") + limit + "}]}"),
        "promotions.json", "UTC");
    REQUIRE(!p.ok());
    CHECK(p.status().code() == ExitCode::kDataErr);
    CHECK(p.status().message().find("promotions.json: /promotions/0/limit") == 0);
  }
}

TEST_CASE("price redemption: a redemption record reads back as it was written") {
  Redemption r = Order("o1", "u1", "k1", 3, {"free", "last"});
  Result<Redemption> back = ParseRedemption(RedemptionRecord(r, kNoon));
  REQUIRE(back.ok());
  CHECK(*back == r);
  Value bad = RedemptionRecord(r, kNoon);
  bad.set("promotions", "last");
  CHECK(!ParseRedemption(bad).ok());
}

TEST_CASE("price redemption: a merge in batches of one transaction is the merge of the whole") {
  RedemptionStore kiosk_b = MemoryStore();
  REQUIRE(RedeemOk(kiosk_b, Order("o1", "u2", "b", 3, {"last"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(kiosk_b, Order("o2", "u3", "b", 4, {"free"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(kiosk_b, Order("o3", "u4", "b", 5, {"free", "last"})) == RedeemResult::kRedeemed);
  REQUIRE(RedeemOk(kiosk_b, Order("o4", "u5", "b", 6, {"once"})) == RedeemResult::kRedeemed);
  std::vector<Redemption> from_b = ExportOf(kiosk_b);
  from_b.push_back(from_b.front());  // delivered twice within one export
  RedemptionStore whole = MemoryStore();
  RedemptionStore batched = MemoryStore();
  for (RedemptionStore* s : {&whole, &batched}) {
    REQUIRE(RedeemOk(*s, Order("o1", "u1", "a", 0, {"last"})) == RedeemResult::kRedeemed);
  }
  Result<MergeCounts> once = Merge(whole, from_b);
  REQUIRE(once.ok());
  MergeCounts counts;
  {
    Result<Transaction> tx = batched.BeginWrite();
    REQUIRE(tx.ok());
    for (std::size_t i = 0; i < from_b.size(); i += 2) {
      std::vector<Redemption> batch(from_b.begin() + static_cast<std::ptrdiff_t>(i),
                                    from_b.begin() + static_cast<std::ptrdiff_t>(std::min(i + 2, from_b.size())));
      REQUIRE(MergeBatch(batched, batch, counts).ok());
    }
    REQUIRE(tx->Commit().ok());
  }
  CHECK(Contents(batched) == Contents(whole));
  CHECK(counts.added == once->added);
  CHECK(counts.replaced == once->replaced);
  CHECK(counts.unchanged == once->unchanged);
  CHECK(counts.conflicts.size() == once->conflicts.size());
  CHECK(counts.promotions_touched == once->promotions_touched);
  CHECK(counts.promotions_touched == std::vector<std::string>{"free", "last", "once"});

  // Batches whose transaction is dropped before its commit merge nothing.
  RedemptionStore dropped = MemoryStore();
  {
    Result<Transaction> tx = dropped.BeginWrite();
    REQUIRE(tx.ok());
    MergeCounts ignored;
    REQUIRE(MergeBatch(dropped, from_b, ignored).ok());
  }
  CHECK(Contents(dropped).empty());
}

// Version 2 keeps the limits' counts in tables of their own; a store
// written before them is counted once, as it is opened.
TEST_CASE("price redemption: migration 2 counts the uses a store held before it") {
  store_test::TempDir dir;
  {
    Result<RedemptionStore> store = RedemptionStore::Open(dir.path());
    REQUIRE(store.ok());
    REQUIRE(RedeemOk(*store, Order("o1", "u1", "a", 0, {"last", "free"})) == RedeemResult::kRedeemed);
    REQUIRE(RedeemOk(*store, Order("o2", "u1", "a", 1, {"free"})) == RedeemResult::kRedeemed);
    REQUIRE(RedeemOk(*store, Order("o3", "u2", "a", 2, {"free", "once"})) == RedeemResult::kRedeemed);
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() + "/price.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "DROP TRIGGER uses_uncounted; DROP TABLE promotion_uses; "
                       "DROP TABLE customer_uses; CREATE INDEX uses_by_customer ON uses (promotion, customer); "
                       "PRAGMA user_version = 1;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  Result<RedemptionStore> store = RedemptionStore::OpenReadOnly(dir.path());
  REQUIRE(store.ok());
  CHECK(UsesOf(*store, "free") == 3);
  CHECK(UsesOf(*store, "last") == 1);
  CHECK(UsesOf(*store, "none") == 0);
  CHECK(*store->UsesBy("free", "u1") == 2);
  CHECK(*store->UsesBy("once", "u2") == 1);
  CHECK(*store->UsesBy("once", "u1") == 0);
}
