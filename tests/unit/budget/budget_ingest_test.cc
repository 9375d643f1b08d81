#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::ConfigFrom;
using evt::budget::testing::MustConfig;

namespace {

const char* kConfig = R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
  "meters": {"edge_fn_invocations_total": {"component": "stream", "resource": "edge.exec"}},
  "budgets": [{"name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 1200, "nominal_w": 600},
              {"name": "slo", "unit": "error", "objective": 0.999, "events_from": "checkout"}]
})";

struct Fixture {
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  TimePoint now = At("2026-12-05T12:00:00Z");

  Result<Applied> Apply(const std::string& json) {
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, now);
    auto record = ParseJson(json, "test");
    REQUIRE(record.ok());
    auto applied = ingester.Apply(*record);
    REQUIRE(ledger.Commit().ok());
    return applied;
  }
  std::string Error(const std::string& json) {
    auto applied = Apply(json);
    REQUIRE_FALSE(applied.ok());
    CHECK(applied.status().code() == ExitCode::kDataErr);
    return applied.status().message();
  }
  std::int64_t Qty() {
    auto totals = ledger.UsageBetween(At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
    REQUIRE(totals.ok());
    std::int64_t sum = 0;
    for (const UsageTotal& t : *totals) sum += t.qty_micro;
    return sum;
  }
};

std::string Usage(const std::string& id, const std::string& extra) {
  return R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.000Z","id":")" + id +
         R"(","component":"checkout","resource":"edge.exec",)" + extra + "}";
}

std::string Counter(const std::string& ts, double value) {
  return R"({"kind":"metric","v":1,"ts":")" + ts + R"(","source":"edge","name":"edge_fn_invocations_total","type":"counter","value":)" +
         std::to_string(value) + "}";
}

}  // namespace

TEST_CASE("budget ingest: the same id counts once", "[budget]") {
  Fixture f;
  CHECK(*f.Apply(Usage("a", R"("qty":2.5)")) == Applied::kAdded);
  CHECK(*f.Apply(Usage("a", R"("qty":2.5)")) == Applied::kDuplicate);
  CHECK(*f.Apply(Usage("b", R"("qty":1)")) == Applied::kAdded);
  CHECK(f.Qty() == 3500000);
}

TEST_CASE("budget ingest: an id re-used for other usage is counted apart, or refused when strict", "[budget]") {
  Fixture f;
  CHECK(*f.Apply(Usage("a", R"("qty":2.5)")) == Applied::kAdded);
  Ingester ingester(f.config, f.ledger, f.now);
  REQUIRE(f.ledger.Begin().ok());
  CHECK(*ingester.Apply(*ParseJson(Usage("a", R"("qty":2.5)"), "t")) == Applied::kDuplicate);
  CHECK(*ingester.Apply(*ParseJson(Usage("a", R"("qty":3)"), "t")) == Applied::kConflicting);
  CHECK(ingester.last_conflict() ==
        "\"id\": \"a\" is already in the ledger with other usage (\"qty\": 3 here, 2.5 in the ledger)");
  std::string other_component = R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.000Z","id":"a","component":"stream",)"
                                R"("resource":"edge.exec","qty":2.5})";
  CHECK(*ingester.Apply(*ParseJson(other_component, "t")) == Applied::kConflicting);
  CHECK(ingester.last_conflict().find("(\"component\": \"stream\" here, \"checkout\" in the ledger)") !=
        std::string::npos);
  REQUIRE(f.ledger.Commit().ok());
  CHECK(ingester.counts().conflicting == 2);
  CHECK(ingester.counts().duplicates == 1);
  CHECK(f.Qty() == 2500000);  // the ledger's entry stands

  Ingester strict(f.config, f.ledger, f.now, true);
  REQUIRE(f.ledger.Begin().ok());
  Result<Applied> refused = strict.Apply(*ParseJson(Usage("a", R"("qty":3)"), "t"));
  CHECK(*strict.Apply(*ParseJson(Usage("a", R"("qty":2.5)"), "t")) == Applied::kDuplicate);
  REQUIRE(f.ledger.Commit().ok());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ExitCode::kDataErr);
  CHECK(refused.status().message() ==
        "\"id\": \"a\" is already in the ledger with other usage (\"qty\": 3 here, 2.5 in the ledger); --strict "
        "refuses a re-used id");
  CHECK(f.Qty() == 2500000);
}

TEST_CASE("budget ingest: an event id re-used for the other outcome is counted apart", "[budget]") {
  Fixture f;
  auto probe = [](const char* ok) {
    return std::string(R"({"kind":"probe","v":1,"ts":"2026-12-05T11:00:00.000Z","target":"checkout","attempt":1,"ok":)") +
           ok + "}";
  };
  CHECK(*f.Apply(probe("true")) == Applied::kAdded);
  CHECK(*f.Apply(probe("true")) == Applied::kDuplicate);
  Ingester ingester(f.config, f.ledger, f.now);
  REQUIRE(f.ledger.Begin().ok());
  CHECK(*ingester.Apply(*ParseJson(probe("false"), "t")) == Applied::kConflicting);
  CHECK(ingester.last_conflict().starts_with("\"ok\": false here, true in the ledger for the same event"));
  Ingester strict(f.config, f.ledger, f.now, true);
  Result<Applied> refused = strict.Apply(*ParseJson(probe("false"), "t"));
  REQUIRE(f.ledger.Commit().ok());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ExitCode::kDataErr);
  auto events = f.ledger.EventsBetween("checkout", At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
  REQUIRE(events.ok());
  CHECK(events->good == 1);
  CHECK(events->bad == 0);
}

TEST_CASE("budget ingest: bad usage is a clear error and changes nothing", "[budget]") {
  Fixture f;
  CHECK(f.Error(Usage("n", R"("qty":-1)")) == "\"qty\": expected a number of units, 0 or more, got -1");
  CHECK(f.Error(Usage("s", R"("qty":"3")")) == "\"qty\": expected a number of units, 0 or more, got \"3\"");
  CHECK(f.Error(Usage("d", R"("qty":0.0000001)")).find("at most 6 decimals") != std::string::npos);
  CHECK(f.Error(R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.000Z","id":"r","component":"c","resource":"gpu.h","qty":1})") ==
        "\"resource\": \"gpu.h\" has no rate in the config (budget.rates: edge.exec)");
  CHECK(f.Error(R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.000Z","component":"c","resource":"edge.exec","qty":1})") ==
        "\"id\": expected a non-empty string, but it is missing");
  CHECK(f.Error(R"({"kind":"usage","v":1,"ts":"2026-12-05T12:06:00.000Z","id":"f","component":"c","resource":"edge.exec","qty":1})")
            .find("more than 5m ahead of now") != std::string::npos);
  CHECK(f.Qty() == 0);
}

TEST_CASE("budget ingest: a counter becomes deltas, resets included", "[budget]") {
  Fixture f;
  CHECK(*f.Apply(Counter("2026-12-05T11:00:00.000Z", 1000)) == Applied::kAdded);  // the baseline
  CHECK(f.Qty() == 0);
  CHECK(*f.Apply(Counter("2026-12-05T11:01:00.000Z", 1500)) == Applied::kAdded);
  CHECK(f.Qty() == 500000000);
  CHECK(*f.Apply(Counter("2026-12-05T11:02:00.000Z", 200)) == Applied::kAdded);  // restarted: 200 new
  CHECK(f.Qty() == 700000000);
  // Fed again (or out of order): not counted twice.
  CHECK(*f.Apply(Counter("2026-12-05T11:01:00.000Z", 1500)) == Applied::kDuplicate);
  CHECK(f.Qty() == 700000000);
}

TEST_CASE("budget ingest: a counter growth the ledger cannot hold is refused, and the counter stays", "[budget]") {
  Fixture f;
  auto counter = [](const std::string& ts, const std::string& value) {
    return R"({"kind":"metric","v":1,"ts":")" + ts +
           R"(","source":"edge","name":"edge_fn_invocations_total","type":"counter","value":)" + value + "}";
  };
  CHECK(*f.Apply(counter("2026-12-05T11:00:00.000Z", "1000")) == Applied::kAdded);
  // 9.3e12 more: millionths of it overflow 64 bits. Not a "duplicate".
  std::string huge = f.Error(counter("2026-12-05T11:01:00.000Z", "9300000001000"));
  CHECK(huge.starts_with("\"value\": expected a counter growing by less than 9e12 units between two samples"));
  CHECK(huge.find("got 9300000001000") != std::string::npos);
  // A glitch reading 1e300, the same.
  CHECK(f.Error(counter("2026-12-05T11:02:00.000Z", "1e300")).starts_with("\"value\": expected a counter growing"));
  CHECK(f.Qty() == 0);
  // The counter did not move: the next good sample grows from 1000.
  CHECK(*f.Apply(counter("2026-12-05T11:03:00.000Z", "1500")) == Applied::kAdded);
  CHECK(f.Qty() == 500000000);
}

TEST_CASE("budget ledger: only a known id is passed over, never another constraint", "[budget]") {
  Ledger ledger = Ledger::OpenMemory().value();
  REQUIRE(ledger.Begin().ok());
  TimePoint ts = At("2026-12-05T11:00:00Z");
  Result<bool> negative = ledger.AddUsage({"n", ts, "checkout", "edge.exec", -1});
  REQUIRE_FALSE(negative.ok());
  CHECK(negative.status().code() == ExitCode::kDataErr);
  CHECK(*ledger.AddUsage({"a", ts, "checkout", "edge.exec", 5}) == true);
  CHECK(*ledger.AddUsage({"a", ts, "checkout", "edge.exec", 5}) == false);
  REQUIRE(ledger.Commit().ok());
  CHECK(*ledger.UsageRows() == 1);
}

TEST_CASE("budget ingest: NUT variables become gauges whatever their spelling", "[budget]") {
  CHECK(NutVariable("battery.charge") == "battery.charge");
  CHECK(NutVariable("battery_charge") == "battery.charge");
  CHECK(NutVariable("nut_ups_realpower") == "ups.realpower");
  Fixture f;
  CHECK(*f.Apply(R"({"kind":"metric","v":1,"ts":"2026-12-05T11:00:00.000Z","source":"ups","name":"nut_battery_charge","value":0.87})") ==
        Applied::kAdded);
  // A percentage where a ratio belongs is refused, not read as 8700%.
  CHECK(f.Error(R"({"kind":"metric","v":1,"ts":"2026-12-05T11:00:01.000Z","source":"ups","name":"nut_battery_charge","value":87})")
            .find("a ratio from 0 to 1") != std::string::npos);
  auto g = f.ledger.LatestGauge("ups", "battery.charge", f.now);
  REQUIRE(g.ok());
  REQUIRE(g->has_value());
  CHECK((*g)->value == 0.87);
  CHECK(*f.Apply(R"({"kind":"metric","v":1,"ts":"2026-12-05T11:00:00.000Z","source":"router","name":"battery.charge","value":1})") ==
        Applied::kUnmapped);
}

TEST_CASE("budget ingest: a battery charge above full is refused, an overloaded UPS is not", "[budget]") {
  Fixture f;
  auto metric = [](const std::string& name, const std::string& ts, const std::string& value) {
    return R"({"kind":"metric","v":1,"ts":")" + ts + R"(","source":"ups","name":")" + name + R"(","value":)" + value + "}";
  };
  CHECK(*f.Apply(metric("nut_battery_charge", "2026-12-05T11:00:00.000Z", "0.9")) == Applied::kAdded);
  // 150 % from a confused UPS, or a raw 2 % read as 2: neither is a full battery.
  CHECK(f.Error(metric("nut_battery_charge", "2026-12-05T11:00:05.000Z", "1.5")) ==
        "\"value\": expected a ratio from 0 to 1 for battery.charge (evt-scrape writes NUT's percentages as ratios), got 1.5");
  CHECK(f.Error(metric("battery.charge", "2026-12-05T11:00:10.000Z", "2")).find("a ratio from 0 to 1") != std::string::npos);
  CHECK(f.Error(metric("battery.charge", "2026-12-05T11:00:15.000Z", "1.0001")).find("a ratio from 0 to 1") !=
        std::string::npos);
  CHECK(*f.Apply(metric("battery.charge", "2026-12-05T11:00:20.000Z", "1")) == Applied::kAdded);
  auto g = f.ledger.LatestGauge("ups", "battery.charge", f.now);
  REQUIRE(g.ok());
  REQUIRE(g->has_value());
  CHECK((*g)->value == 1);
  CHECK(*f.Apply(metric("nut_ups_load", "2026-12-05T11:00:20.000Z", "1.3")) == Applied::kAdded);
  CHECK(f.Error(metric("nut_ups_load", "2026-12-05T11:00:25.000Z", "2.5")).find("a ratio from 0 to 1") != std::string::npos);
}

TEST_CASE("budget ingest: probe and flow records are the error budget's events", "[budget]") {
  Fixture f;
  CHECK(*f.Apply(R"({"kind":"probe","v":1,"ts":"2026-12-05T11:00:00.000Z","target":"checkout","attempt":1,"ok":false})") ==
        Applied::kAdded);
  CHECK(*f.Apply(R"({"kind":"probe","v":1,"ts":"2026-12-05T11:00:00.000Z","target":"checkout","attempt":1,"ok":false})") ==
        Applied::kDuplicate);
  CHECK(*f.Apply(R"({"kind":"flow","v":1,"ts":"2026-12-05T11:00:01.000Z","flow":"checkout","ok":true})") == Applied::kAdded);
  // From a config target, the target is what the budget names.
  CHECK(*f.Apply(R"({"kind":"flow","v":1,"ts":"2026-12-05T11:00:02.000Z","target":"checkout","flow":"buy","ok":false})") ==
        Applied::kAdded);
  CHECK(*f.Apply(R"({"kind":"probe","v":1,"ts":"2026-12-05T11:00:00.000Z","target":"uplink","attempt":1,"ok":true})") ==
        Applied::kUnmapped);
  auto counts = f.ledger.EventsBetween("checkout", At("2026-12-05T10:00:00Z"), f.now);
  REQUIRE(counts.ok());
  CHECK(counts->good == 1);
  CHECK(counts->bad == 2);
  CHECK(*f.Apply(R"({"kind":"scan","v":1,"ts":"2026-12-05T11:00:00.000Z"})") == Applied::kNotTaken);
}

TEST_CASE("budget config: the shipped example loads, and mistakes are named", "[budget]") {
  auto example = LoadConfig(std::string(EVT_SOURCE_DIR) + "/examples/event.json");
  REQUIRE(example.ok());
  auto read = ReadBudgetConfig(*example);
  INFO(read.status().ToString());
  CHECK(read.ok());

  auto no_price = ConfigFrom(R"({"rates": {"edge.exec": {"per": 1000, "currency": "EUR"}}})");
  REQUIRE_FALSE(no_price.ok());
  CHECK(no_price.status().code() == ExitCode::kConfig);
  CHECK(no_price.status().message().find("/budget/rates/edge.exec/price: a rate needs a price") != std::string::npos);
  auto typo = ConfigFrom(R"({"budgets": [{"name": "x", "unit": "error", "objective": 0.99, "events_from": "c", "objetive": 1}]})");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().message().find("/budget/budgets/0/objetive: unknown key") != std::string::npos);
  auto percent = ConfigFrom(R"({"budgets": [{"name": "x", "unit": "error", "objective": 99.9, "events_from": "c"}]})");
  REQUIRE_FALSE(percent.ok());
  auto tier = ConfigFrom(R"({"components": {"a": "optional"}})");
  REQUIRE_FALSE(tier.ok());
  CHECK(tier.status().message().find("expected a tier") != std::string::npos);
}
