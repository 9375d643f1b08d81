// Redemptions through the hub (tools/price/hub_adapter.h) against an
// in-memory hub: kiosks converge on the set files would give them, two
// sales under one order id included, and see the same over-redemptions.
#include "tools/price/hub_adapter.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "price_test_util.h"
#include "tests/unit/hub_fake_exchange.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;
using evt::hub::HubElement;
using evt::testing::FakeHubExchange;

namespace {

const char* kPromotions = R"({"promotions":[
  {"id":"last","kind":"cart_amount_off","amount":500,"code":"LAST","limit":{"total":2}}]})";

struct Kiosk {
  Kiosk() : store(RedemptionStore::OpenMemory().value()), adapter(store) {}
  RedemptionStore store;
  RedemptionHubAdapter adapter;
  FakeHubExchange::Box box{&adapter};

  void Add(const Redemption& r) { REQUIRE(Merge(store, {r}).ok()); }
  std::vector<Redemption> Contents() {
    auto all = store.Export(0);
    REQUIRE(all.ok());
    std::vector<Redemption> out;
    for (auto& s : *all) out.push_back(s.redemption);
    std::sort(out.begin(), out.end(), [](const Redemption& a, const Redemption& b) { return a.order < b.order; });
    return out;
  }
  std::size_t Over() {
    auto promotions = ParsePromotions(Json(kPromotions), "promotions.json", "UTC");
    REQUIRE(promotions.ok());
    auto over = FindOverRedemptions(store, *promotions);
    REQUIRE(over.ok());
    return over->size();
  }
};

Redemption Order(std::string order, std::string kiosk, int minute, std::string customer = "") {
  return {std::move(order), std::move(customer), std::move(kiosk), kNoon + std::chrono::minutes{minute}, {"last"}};
}

}  // namespace

TEST_CASE("price hub adapter: kiosks apart past a limit converge through the hub and see the over-redemption") {
  Kiosk k1, k2, k3;
  k1.Add(Order("o1", "k1", 1));
  k1.Add(Order("o2", "k1", 2));
  k2.Add(Order("o3", "k2", 3));
  FakeHubExchange hub;
  for (Kiosk* k : {&k1, &k2, &k3, &k1}) REQUIRE(hub.Sync(k->box).ok());
  CHECK(k1.Contents() == k2.Contents());
  CHECK(k1.Contents() == k3.Contents());
  CHECK(k1.Contents().size() == 3);
  CHECK(k1.Over() == 1);
  CHECK(k3.Over() == 1);
  MergeCounts merged = k2.adapter.TakeMerged();
  CHECK(merged.added == 2);
  CHECK(merged.promotions_touched == std::vector<std::string>{"last"});
  CHECK(k2.adapter.TakeMerged().added == 0);
}

TEST_CASE("price hub adapter: two sales under one order id both reach every kiosk, which keep the same one") {
  Kiosk k1, k2, k3;
  Redemption early = Order("dup", "k2", 1);
  Redemption late = Order("dup", "k1", 5);
  k1.Add(late);
  k2.Add(early);
  FakeHubExchange hub;
  // k1 pushes first: a hub keyed by order id alone would keep only the
  // later sale, and k1 would never learn of the one every kiosk prefers.
  for (Kiosk* k : {&k1, &k2, &k3, &k1}) REQUIRE(hub.Sync(k->box).ok());
  CHECK(hub.rows().size() == 2);
  CHECK(k1.Contents() == std::vector<Redemption>{early});
  CHECK(k2.Contents() == std::vector<Redemption>{early});
  CHECK(k3.Contents() == std::vector<Redemption>{early});
  CHECK(k1.adapter.TakeMerged().conflicts.size() == 1);
}

TEST_CASE("price hub adapter: a row is the redemption record without ts and seq, its id the order and its sale") {
  Redemption r = Order("o1", "k1", 1, "u-5");
  auto id = RedemptionHubId(r);
  REQUIRE(id.ok());
  CHECK(id->rfind("o1#", 0) == 0);
  CHECK(id->size() == 3 + 16);
  Redemption other = r;
  other.customer = "u-6";
  CHECK(*RedemptionHubId(other) != *id);
  auto record = RedemptionHubRecord(r);
  REQUIRE(record.ok());
  CHECK(*record ==
        R"({"at":"2026-12-05T12:01:00.000Z","customer":"u-5","kind":"redemption","kiosk":"k1","order":"o1","promotions":["last"],"v":1})");
}

TEST_CASE("price hub adapter: a row that does not read is 65 naming set and id, and nothing of its page lands") {
  Kiosk k1, k2;
  k1.Add(Order("o1", "k1", 1));
  FakeHubExchange hub;
  REQUIRE(hub.Sync(k1.box).ok());
  std::string record;
  SECTION("not a redemption") { record = R"({"kind":"quote","v":1})"; }
  SECTION("a bad field") { record = R"({"at":"noon","kind":"redemption","kiosk":"k9","order":"o9","promotions":[],"v":1})"; }
  SECTION("another sale than its id says") { record = *RedemptionHubRecord(Order("o9", "k9", 9)); }
  hub.Insert(HubElement{"o9#0000000000000000", record, 0});
  auto pulled = hub.Sync(k2.box, 10);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("price.redemptions: id \"o9#0000000000000000\""));
  CHECK(k2.Contents().empty());
}
