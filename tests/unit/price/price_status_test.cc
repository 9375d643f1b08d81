// evt-price status: orders per kiosk with the newest, each limited
// promotion's use against its limit, the over-redemptions two kiosks made
// apart once merged, and a record the schema takes.
#include "tools/price/price_status.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>

#include "common/record_schema.h"
#include "price_test_util.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kPromotions = R"({"promotions":[
  {"id":"last","kind":"cart_amount_off","amount":500,"code":"LAST","limit":{"total":2}},
  {"id":"once","kind":"percent_off","percent":10,"target":{"skus":["TEE"]},"limit":{"per_customer":1}},
  {"id":"free","kind":"percent_off","percent":5,"target":{"skus":["MUG"]}}]})";

std::vector<Promotion> Promotions() {
  Result<std::vector<Promotion>> p = ParsePromotions(Json(kPromotions), "promotions.json", "UTC");
  REQUIRE(p.ok());
  return *p;
}

Redemption Order(std::string order, std::string customer, std::string kiosk, int minute,
                 std::vector<std::string> promotions) {
  return {std::move(order), std::move(customer), std::move(kiosk), kNoon + std::chrono::minutes{minute},
          std::move(promotions)};
}

// Two kiosks apart: each redeems within the limits it can see; the union
// holds three uses of "last" (limit 2) and two of "once" by u1.
std::vector<StoredRedemption> MergedSet(RedemptionStore& store) {
  Result<MergeCounts> merged =
      Merge(store, {Order("a1", "u1", "k1", 1, {"last", "once"}), Order("a2", "u2", "k1", 2, {"last"}),
                    Order("b1", "u1", "k2", 3, {"last", "once"}), Order("b2", "", "k2", 9, {"free"})});
  REQUIRE(merged.ok());
  Result<std::vector<StoredRedemption>> all = store.Export(0);
  REQUIRE(all.ok());
  return *all;
}

}  // namespace

TEST_CASE("price status: orders per kiosk, the use of each limited promotion, over-redemptions after a merge") {
  Result<RedemptionStore> store = RedemptionStore::OpenMemory();
  REQUIRE(store.ok());
  MergedSet(*store);
  Result<PriceStatus> summarized = SummarizeRedemptionSet(*store, "k3", Promotions());
  REQUIRE(summarized.ok());
  const PriceStatus& status = *summarized;
  CHECK(status.redemptions == 4);
  REQUIRE(status.kiosks.size() == 3);
  CHECK(status.kiosks[0].kiosk == "k1");
  CHECK(status.kiosks[0].redemptions == 2);
  CHECK(status.kiosks[1].last_at == kNoon + std::chrono::minutes{9});
  CHECK(status.kiosks[2].kiosk == "k3");
  CHECK_FALSE(status.kiosks[2].last_at);

  REQUIRE(status.promotions.size() == 2);  // "free" has no limit
  CHECK(status.promotions[0].promotion == "last");
  CHECK(status.promotions[0].used == 3);
  CHECK(status.promotions[0].limit == 2);
  CHECK(status.promotions[0].over == 1);
  CHECK(status.promotions[1].promotion == "once");
  CHECK(status.promotions[1].limit_per_customer == 1);
  CHECK_FALSE(status.promotions[1].limit);
  CHECK(status.promotions[1].over == 1);
  CHECK(status.over_redemptions == 2);
  CHECK(status.orders_over == 2);

  Value record = PriceStatusRecord(status, kNoon + std::chrono::minutes{10});
  Status valid = BuiltinRecordSchemas().Validate(record);
  INFO(valid.message());
  CHECK(valid.ok());
  std::string text = PriceStatusText(status, kNoon + std::chrono::minutes{10}, false, 100);
  CHECK(text.find("k3 (here)") != std::string::npos);
  CHECK(text.find("2 over-redemptions") != std::string::npos);
}

TEST_CASE("price status: an empty set shows this kiosk with nothing redeemed") {
  Result<RedemptionStore> store = RedemptionStore::OpenMemory();
  REQUIRE(store.ok());
  Result<PriceStatus> summarized = SummarizeRedemptionSet(*store, "k1", Promotions());
  REQUIRE(summarized.ok());
  const PriceStatus& status = *summarized;
  CHECK(status.redemptions == 0);
  REQUIRE(status.kiosks.size() == 1);
  CHECK(status.promotions[0].used == 0);
  CHECK(BuiltinRecordSchemas().Validate(PriceStatusRecord(status, kNoon)).ok());
}

namespace {

std::uint32_t TestSeed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                        : std::random_device{}();
}

// The status as it was computed before the count tables took over: every
// order read back, tallied in memory, and FindOverRedemptions' list.
PriceStatus StatusFromEveryOrder(RedemptionStore& store, const std::string& kiosk,
                                 const std::vector<Promotion>& promotions) {
  Result<std::vector<StoredRedemption>> orders = store.Export(0);
  REQUIRE(orders.ok());
  Result<std::vector<OverRedemption>> over = FindOverRedemptions(store, promotions);
  REQUIRE(over.ok());
  PriceStatus status;
  status.kiosk = kiosk;
  std::map<std::string, KioskTally> by_kiosk{{kiosk, KioskTally{kiosk, 0, {}}}};
  std::map<std::string, std::int64_t> used;
  for (const StoredRedemption& stored : *orders) {
    KioskTally& tally = by_kiosk[stored.redemption.kiosk];
    tally.kiosk = stored.redemption.kiosk;
    ++tally.redemptions;
    if (!tally.last_at || *tally.last_at < stored.redemption.at) tally.last_at = stored.redemption.at;
    for (const std::string& id : stored.redemption.promotions) ++used[id];
  }
  status.redemptions = static_cast<std::int64_t>(orders->size());
  for (auto& [name, tally] : by_kiosk) status.kiosks.push_back(tally);
  std::map<std::string, std::int64_t> past;
  for (const OverRedemption& o : *over) {
    auto orders_past = static_cast<std::int64_t>(o.orders.size() - o.over_from);
    past[o.promotion] += orders_past;
    status.orders_over += orders_past;
  }
  status.over_redemptions = static_cast<std::int64_t>(over->size());
  for (const Promotion& p : promotions) {
    if (p.limit.any()) status.promotions.push_back({p.id, used[p.id], p.limit.total, p.limit.per_customer, past[p.id]});
  }
  return status;
}

}  // namespace

// Random kiosks merging random orders (some re-using an order id with other
// content, so a use goes by its order's replacement; some without a
// customer, who has no per-customer limit) agree with the orders read whole.
TEST_CASE("price status: the counts SQLite keeps agree with every order read back (random sets)") {
  const std::uint32_t seed = TestSeed();
  std::cout << "price_status_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  const std::vector<std::string> ids = {"last", "once", "free"};
  for (int round = 0; round < 20; ++round) {
    INFO("seed " << seed << ", round " << round);
    Result<RedemptionStore> store = RedemptionStore::OpenMemory();
    REQUIRE(store.ok());
    for (int batch = 0; batch < 4; ++batch) {
      std::vector<Redemption> incoming;
      for (int i = 0; i < 15; ++i) {
        std::vector<std::string> used;
        for (const std::string& id : ids) {
          if (rng() % 2) used.push_back(id);
        }
        unsigned customer = rng() % 5;
        incoming.push_back(Order("o" + std::to_string(rng() % 40), customer == 0 ? "" : "u" + std::to_string(customer),
                                 "k" + std::to_string(rng() % 3), static_cast<int>(rng() % 100), used));
      }
      REQUIRE(Merge(*store, incoming).ok());
    }
    Result<PriceStatus> counted = SummarizeRedemptionSet(*store, "k" + std::to_string(rng() % 4), Promotions());
    REQUIRE(counted.ok());
    PriceStatus whole = StatusFromEveryOrder(*store, counted->kiosk, Promotions());
    CHECK(counted->redemptions == whole.redemptions);
    CHECK(counted->over_redemptions == whole.over_redemptions);
    CHECK(counted->orders_over == whole.orders_over);
    REQUIRE(counted->kiosks.size() == whole.kiosks.size());
    for (std::size_t k = 0; k < whole.kiosks.size(); ++k) {
      CHECK(counted->kiosks[k].kiosk == whole.kiosks[k].kiosk);
      CHECK(counted->kiosks[k].redemptions == whole.kiosks[k].redemptions);
      CHECK(counted->kiosks[k].last_at == whole.kiosks[k].last_at);
    }
    REQUIRE(counted->promotions.size() == whole.promotions.size());
    for (std::size_t p = 0; p < whole.promotions.size(); ++p) {
      CHECK(counted->promotions[p].promotion == whole.promotions[p].promotion);
      CHECK(counted->promotions[p].used == whole.promotions[p].used);
      CHECK(counted->promotions[p].over == whole.promotions[p].over);
    }
  }
}
