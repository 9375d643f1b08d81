#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"
#include "tools/budget/plain_usage_line.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;

namespace {

const char* kConfig = R"({"rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}}})";

const std::string kPlain =
    R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.250Z","id":"u1","component":"c0","resource":"edge.exec","qty":7})";

std::uint32_t TestSeed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                        : std::random_device{}();
}

}  // namespace

TEST_CASE("plain usage line: the members as written") {
  std::optional<PlainUsage> usage = ReadPlainUsageLine(kPlain);
  REQUIRE(usage);
  CHECK(usage->ts == "2026-12-05T11:00:00.250Z");
  CHECK(usage->id == "u1");
  CHECK(usage->component == "c0");
  CHECK(usage->resource == "edge.exec");
  CHECK(usage->qty == 7);
  CHECK(ReadPlainUsageLine(
      R"( { "qty" : 0 , "resource":"r","component":"c","id":"i","ts":"t","v":1,"kind":"usage" } )"));
  CHECK(ReadPlainUsageLine(R"({"kind":"usage","v":1,"ts":"t","id":"i","component":"c","resource":"r","qty":999999999999})")
            ->qty == 999999999999);
}

TEST_CASE("plain usage line: anything but the plainest usage is left to the Value path") {
  const std::string base = R"({"kind":"usage","v":1,"ts":"t","id":"i","component":"c","resource":"r",)";
  for (const std::string& line : {
           base + R"("qty":1.5})", base + R"("qty":1e3})", base + R"("qty":-1})", base + R"("qty":007})",
           base + R"("qty":1000000000000})", base + R"("qty":"1"})", base + R"("qty":1,"synthetic":"load"})",
           base + R"("qty":1,"qty":2})", base + R"("qty":1})x", base + R"("qty":1)",
           std::string(R"({"kind":"metric","v":1,"ts":"t","id":"i","component":"c","resource":"r","qty":1})"),
           std::string(R"({"kind":"usage","v":2,"ts":"t","id":"i","component":"c","resource":"r","qty":1})"),
           std::string(R"({"kind":"usage","v":1,"ts":"t","id":"","component":"c","resource":"r","qty":1})"),
           std::string(R"({"kind":"usage","v":1,"ts":"t","id":"\u0041","component":"c","resource":"r","qty":1})"),
           std::string("{\"kind\":\"usage\",\"v\":1,\"ts\":\"t\",\"id\":\"\xc3\xa9\",\"component\":\"c\",\"resource\":\"r\",\"qty\":1}"),
           std::string(R"({"kind":"usage","v":1,"ts":"t","component":"c","resource":"r","qty":1})"),
           std::string(R"(["kind","usage"])"), std::string(""),
       }) {
    INFO(line);
    CHECK_FALSE(ReadPlainUsageLine(line));
  }
}

TEST_CASE("plain usage: where Apply must explain, ApplyPlainUsage declines") {
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  REQUIRE(ledger.Begin().ok());
  Ingester ingester(config, ledger, At("2026-12-05T12:00:00Z"));
  PlainUsage usage = *ReadPlainUsageLine(kPlain);
  usage.ts = "yesterday";
  CHECK_FALSE(ingester.ApplyPlainUsage(usage));
  usage.ts = "2027-12-05T11:00:00Z";  // past max_skew
  CHECK_FALSE(ingester.ApplyPlainUsage(usage));
  usage = *ReadPlainUsageLine(kPlain);
  usage.resource = "gpu.hour";
  CHECK_FALSE(ingester.ApplyPlainUsage(usage));
  CHECK(ingester.counts().added == 0);
  REQUIRE(ledger.Commit().ok());
}

// Random lines, plain and not, into two ledgers: one through Apply alone,
// one through ApplyPlainUsage where it takes the line. The ledgers and the
// counts must agree, and a line JSON refuses is never taken plainly.
TEST_CASE("plain usage: the ledger holds what the Value path would have put there (random lines)") {
  const std::uint32_t seed = TestSeed();
  std::cout << "budget_plain_usage_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  auto pick = [&rng](const std::vector<std::string>& options) {
    return options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)];
  };
  BudgetConfig config = MustConfig(kConfig);
  Ledger by_value = Ledger::OpenMemory().value();
  Ledger by_plain = Ledger::OpenMemory().value();
  REQUIRE(by_value.Begin().ok());
  REQUIRE(by_plain.Begin().ok());
  TimePoint now = At("2026-12-05T12:00:00Z");
  Ingester value_ingester(config, by_value, now);
  Ingester plain_ingester(config, by_plain, now);
  std::vector<std::string> ids;
  int taken_plainly = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string id = "u" + std::to_string(std::uniform_int_distribution<int>(0, 400)(rng));
    ids.push_back(id);
    std::vector<std::string> members = {
        R"("kind":)" + pick({R"("usage")", R"("usage")", R"("metric")", R"("us\u0061ge")"}),
        R"("v":)" + pick({"1", "1", "1", "2", "1.0", R"("1")"}),
        R"("ts":)" + pick({R"("2026-12-05T11:00:00.250Z")", R"("2026-12-05T11:59:59Z")", R"("2026-12-05T11:00:00+01:00")",
                           R"("2026-13-05T11:00:00Z")", R"("2027-12-05T11:00:00Z")", "17"}),
        R"("id":")" + id + "\"",
        R"("component":)" + pick({R"("c0")", R"("c1")", R"("")", "\"caf\xc3\xa9\""}),
        R"("resource":)" + pick({R"("edge.exec")", R"("edge.exec")", R"("gpu.hour")"}),
        R"("qty":)" + pick({"0", "7", "12", "999999999999", "1000000000000", "1.5", "2e2", "-3", "007", "-0"}),
    };
    if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) members.push_back(R"("synthetic":"load")");
    if (std::uniform_int_distribution<int>(0, 19)(rng) == 0) members.push_back(members.back());
    std::shuffle(members.begin(), members.end(), rng);
    std::string line = "{";
    for (std::size_t m = 0; m < members.size(); ++m) line += (m ? pick({",", ", ", " ,"}) : "") + members[m];
    line += pick({"}", "}", "} ", "}}"});
    INFO("seed " << seed << ", line " << line);

    Result<Value> record = ParseJson(line, "test");
    std::optional<PlainUsage> plain = ReadPlainUsageLine(line);
    if (!record.ok() || !record->is_object()) {
      CHECK_FALSE(plain);
      continue;
    }
    Result<Applied> by_value_applied = value_ingester.Apply(*record);
    std::optional<Result<Applied>> plain_applied;
    if (plain) plain_applied = plain_ingester.ApplyPlainUsage(*plain);
    if (plain_applied) {
      ++taken_plainly;
      // Both may refuse (a minute's total past what the ledger holds): the
      // same refusal, then.
      REQUIRE(plain_applied->ok() == by_value_applied.ok());
      if (plain_applied->ok()) {
        CHECK(**plain_applied == *by_value_applied);
      } else {
        CHECK(plain_applied->status().message() == by_value_applied.status().message());
      }
    } else {
      Result<Applied> fallback = plain_ingester.Apply(*record);
      REQUIRE(fallback.ok() == by_value_applied.ok());
      if (fallback.ok()) {
        CHECK(*fallback == *by_value_applied);
      } else {
        CHECK(fallback.status().message() == by_value_applied.status().message());
      }
    }
  }
  CHECK(taken_plainly > 0);
  CHECK(value_ingester.counts().added == plain_ingester.counts().added);
  CHECK(value_ingester.counts().duplicates == plain_ingester.counts().duplicates);
  CHECK(value_ingester.counts().conflicting == plain_ingester.counts().conflicting);
  for (const std::string& id : ids) {
    Result<std::optional<UsageEntry>> a = by_value.FindUsage(id);
    Result<std::optional<UsageEntry>> b = by_plain.FindUsage(id);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->has_value() == b->has_value());
    if (!a->has_value()) continue;
    CHECK((*a)->ts == (*b)->ts);
    CHECK((*a)->component == (*b)->component);
    CHECK((*a)->resource == (*b)->resource);
    CHECK((*a)->qty_micro == (*b)->qty_micro);
  }
  REQUIRE(by_value.Commit().ok());
  REQUIRE(by_plain.Commit().ok());
}
