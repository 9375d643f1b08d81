// The usage ledger through the hub (tools/budget/usage_hub.h) against an
// in-memory hub: a pulled row counts as the usage record saying the same
// would on ingest, so every box's spend is the site's.
#include "tools/budget/usage_hub.h"

#include <catch2/catch.hpp>

#include "budget_test_util.h"
#include "common/json_parse.h"
#include "tests/unit/hub_fake_exchange.h"
#include "tools/budget/ingest.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;
using evt::hub::HubElement;
using evt::testing::FakeHubExchange;

namespace {

const char* kConfig = R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"},
            "egress": {"per": 1, "price": 9, "currency": "EUR"}}
})";

std::string Usage(const std::string& id, const std::string& ts, const std::string& resource, const std::string& qty) {
  return R"({"kind":"usage","v":1,"ts":")" + ts + R"(","id":")" + id + R"(","component":"checkout","resource":")" +
         resource + R"(","qty":)" + qty + "}";
}

struct Box {
  explicit Box(const ManualClock& clock) : adapter(ledger, config, clock) {}
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  UsageHubAdapter adapter;
  FakeHubExchange::Box box{&adapter};

  void Ingest(const std::vector<std::string>& records, TimePoint now) {
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, now);
    for (const std::string& r : records) REQUIRE(ingester.Apply(*ParseJson(r, "test")).ok());
    REQUIRE(ledger.Commit().ok());
  }
  std::vector<std::tuple<std::string, std::string, std::int64_t>> Totals() {
    auto totals = ledger.UsageBetween(At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
    REQUIRE(totals.ok());
    std::vector<std::tuple<std::string, std::string, std::int64_t>> out;
    for (const UsageTotal& t : *totals) out.emplace_back(t.component, t.resource, t.qty_micro);
    return out;
  }
};

const TimePoint kNow{std::chrono::milliseconds(1'796'472'000'000)};  // 2026-12-05T12:00:00Z

}  // namespace

TEST_CASE("budget usage hub: boxes that synced count the usage one ledger fed every record would", "[budget]") {
  ManualClock clock(kNow);
  std::vector<std::string> at_a = {Usage("a1", "2026-12-05T11:00:00.000Z", "edge.exec", "2.5"),
                                   Usage("a2", "2026-12-05T11:00:30.000Z", "egress", "0.000001")};
  std::vector<std::string> at_b = {Usage("b1", "2026-12-05T11:00:10.000Z", "edge.exec", "1"),
                                   Usage("a1", "2026-12-05T11:00:00.000Z", "edge.exec", "2.5")};  // seen at both
  Box a(clock), b(clock), one(clock);
  a.Ingest(at_a, kNow);
  b.Ingest(at_b, kNow);
  one.Ingest(at_a, kNow);
  one.Ingest(at_b, kNow);
  FakeHubExchange hub;
  for (Box* box : {&a, &b, &a}) REQUIRE(hub.Sync(box->box).ok());
  CHECK(hub.rows().size() == 3);
  CHECK(a.Totals() == one.Totals());
  CHECK(b.Totals() == one.Totals());
  CHECK(*a.ledger.UsageRows() == 3);
  CHECK(a.ledger.CheckConsistency().ok());
  CHECK(b.ledger.CheckConsistency().ok());
}

TEST_CASE("budget usage hub: a row is the ledger's row, exported in arrival order, pruned rows gone", "[budget]") {
  ManualClock clock(kNow);
  Box a(clock);
  a.Ingest({Usage("late", "2026-12-05T11:30:00.000Z", "edge.exec", "1"),
            Usage("early", "2026-12-05T10:00:00.000Z", "edge.exec", "0.25")},
           kNow);
  auto page = a.adapter.ExportSince(0, 1);
  REQUIRE(page.ok());
  REQUIRE(page->elements.size() == 1);
  CHECK(page->elements[0].id == "late");
  CHECK(page->elements[0].record ==
        R"({"component":"checkout","id":"late","qty_micro":1000000,"resource":"edge.exec","ts":"2026-12-05T11:30:00.000Z"})");
  CHECK(page->elements[0].stamp_ms == At("2026-12-05T11:30:00Z").time_since_epoch().count());
  auto rest = a.adapter.ExportSince(page->last_seq, 10);
  REQUIRE(rest.ok());
  REQUIRE(rest->elements.size() == 1);
  CHECK(rest->elements[0].id == "early");
  REQUIRE(a.ledger.PruneBefore(At("2026-12-05T11:00:00Z")).ok());
  auto after_prune = a.adapter.ExportSince(0, 10);
  REQUIRE(after_prune.ok());
  REQUIRE(after_prune->elements.size() == 1);
  CHECK(after_prune->elements[0].id == "late");
}

TEST_CASE("budget usage hub: an id re-used for other usage is a conflict, kept as here, said once", "[budget]") {
  ManualClock clock(kNow);
  Box a(clock), b(clock);
  a.Ingest({Usage("x", "2026-12-05T11:00:00.000Z", "edge.exec", "2")}, kNow);
  b.Ingest({Usage("x", "2026-12-05T11:00:00.000Z", "edge.exec", "3")}, kNow);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  auto pulled = hub.Sync(b.box);
  REQUIRE(pulled.ok());
  CHECK(pulled->conflict == 1);
  auto conflicts = b.adapter.TakeConflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK_THAT(conflicts[0], Catch::Contains("\"id\": \"x\" is already in the ledger with other usage"));
  CHECK(b.adapter.TakeConflicts().empty());
  CHECK(std::get<2>(b.Totals().at(0)) == 3000000);
}

TEST_CASE("budget usage hub: a row past budget.max_skew stops the pull at it, and lands once the clock agrees",
          "[budget]") {
  ManualClock clock(kNow);
  TimePoint fast_now = kNow + std::chrono::hours(1);
  ManualClock fast_clock(fast_now);  // the box whose clock runs an hour ahead
  Box fast(fast_clock), slow(clock);
  fast.Ingest({Usage("ahead", "2026-12-05T12:59:00.000Z", "edge.exec", "1")}, fast_now);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(fast.box).ok());
  auto pulled = hub.Sync(slow.box);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.usage: id \"ahead\": \"ts\": "));
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.max_skew"));
  CHECK(*slow.ledger.UsageRows() == 0);
  clock.Advance(std::chrono::hours(1));
  auto later = hub.Sync(slow.box);
  REQUIRE(later.ok());
  CHECK(later->added == 1);
}

TEST_CASE("budget usage hub: a row that does not read is 65 naming set and id, and nothing of its page lands",
          "[budget]") {
  ManualClock clock(kNow);
  Box a(clock), b(clock);
  a.Ingest({Usage("fine", "2026-12-05T11:00:00.000Z", "edge.exec", "1")}, kNow);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  std::string record;
  SECTION("not JSON") { record = "{"; }
  SECTION("a negative quantity") {
    record = R"({"component":"c","id":"bad","qty_micro":-1,"resource":"edge.exec","ts":"2026-12-05T11:00:00.000Z"})";
  }
  SECTION("a resource without a rate") {
    record = R"({"component":"c","id":"bad","qty_micro":1,"resource":"gold","ts":"2026-12-05T11:00:00.000Z"})";
  }
  SECTION("an unknown field") {
    record = R"({"component":"c","id":"bad","qty_micro":1,"resource":"edge.exec","ts":"2026-12-05T11:00:00.000Z","x":1})";
  }
  hub.Insert(HubElement{"bad", record, 0});
  auto pulled = hub.Sync(b.box, 10);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.usage: id \"bad\""));
  CHECK(*b.ledger.UsageRows() == 0);
}
