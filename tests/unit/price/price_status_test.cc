// evt-price status: orders per kiosk with the newest, each limited
// promotion's use against its limit, the over-redemptions two kiosks made
// apart once merged, and a record the schema takes.
#include "tools/price/price_status.h"

#include <catch2/catch.hpp>

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
  std::vector<StoredRedemption> orders = MergedSet(*store);
  Result<std::vector<OverRedemption>> over = FindOverRedemptions(*store, Promotions());
  REQUIRE(over.ok());

  PriceStatus status = SummarizeRedemptions("k3", orders);
  AddPromotionUse(status, Promotions(), orders, *over);
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
  PriceStatus status = SummarizeRedemptions("k1", {});
  AddPromotionUse(status, Promotions(), {}, {});
  CHECK(status.redemptions == 0);
  REQUIRE(status.kiosks.size() == 1);
  CHECK(status.promotions[0].used == 0);
  CHECK(BuiltinRecordSchemas().Validate(PriceStatusRecord(status, kNoon)).ok());
}
