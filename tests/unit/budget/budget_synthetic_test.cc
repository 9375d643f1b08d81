// Synthetic traffic (evt-load's "synthetic": "load") against the budgets:
// left out by default, counted where a budget asks or inside a staging
// window, and a malformed window or flag is a config error.
#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"
#include "tools/budget/synthetic_filter.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::ConfigFrom;
using evt::budget::testing::MustConfig;

namespace {

// `slo_extra` is spliced into the error budget, `section_extra` into the section.
std::string Section(const std::string& slo_extra, const std::string& section_extra = "") {
  return R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
  "budgets": [{"name": "spend", "unit": "money", "limit": 5000, "currency": "EUR"},
              {"name": "slo", "unit": "error", "objective": 0.999, "events_from": "checkout")" +
         slo_extra + R"(}])" + section_extra + "}";
}

const char* kStaging = R"(, "staging": [{"from": "2026-12-05T09:00:00Z", "until": "2026-12-05T10:00:00Z",
                                         "note": "rehearsal before doors open"}])";

std::string Probe(const std::string& ts, bool ok, const std::string& extra) {
  return R"({"kind":"probe","v":1,"ts":")" + ts + R"(","target":"checkout","ok":)" + (ok ? "true" : "false") + extra +
         "}";
}

struct Fixture {
  BudgetConfig config;
  Ledger ledger = Ledger::OpenMemory().value();
  Ingester ingester;

  explicit Fixture(const std::string& section)
      : config(MustConfig(section)), ingester(config, ledger, At("2026-12-05T12:00:00Z")) {}

  Result<Applied> Apply(const std::string& json) {
    REQUIRE(ledger.Begin().ok());
    Result<Value> record = ParseJson(json, "test");
    REQUIRE(record.ok());
    Result<Applied> applied = ingester.Apply(*record);
    REQUIRE(ledger.Commit().ok());
    return applied;
  }
  std::int64_t Bad() {
    Result<EventCounts> counts = ledger.EventsBetween("checkout", At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
    REQUIRE(counts.ok());
    return counts->bad;
  }
};

const char* kLoad = R"(,"synthetic":"load")";

}  // namespace

TEST_CASE("budget synthetic: left out by default, and counted by tag", "[budget]") {
  Fixture f(Section(""));
  CHECK(*f.Apply(Probe("2026-12-05T11:00:00.000Z", false, kLoad)) == Applied::kSynthetic);
  CHECK(*f.Apply(Probe("2026-12-05T11:00:01.000Z", false, R"(,"synthetic":"canary")")) == Applied::kSynthetic);
  CHECK(*f.Apply(Probe("2026-12-05T11:00:02.000Z", false, "")) == Applied::kAdded);
  CHECK(f.Bad() == 1);
  CHECK(f.ingester.counts().synthetic == std::map<std::string, std::int64_t>{{"canary", 1}, {"load", 1}});
}

TEST_CASE("budget synthetic: include_synthetic true counts them at any time", "[budget]") {
  Fixture f(Section(R"(, "include_synthetic": true)"));
  CHECK(*f.Apply(Probe("2026-12-05T11:00:00.000Z", false, kLoad)) == Applied::kAdded);
  CHECK(f.Bad() == 1);
  CHECK(f.ingester.counts().synthetic.empty());
}

TEST_CASE("budget synthetic: a staging window counts them inside it, not outside", "[budget]") {
  Fixture f(Section("", kStaging));
  CHECK(*f.Apply(Probe("2026-12-05T08:59:59.999Z", false, kLoad)) == Applied::kSynthetic);
  CHECK(*f.Apply(Probe("2026-12-05T09:00:00.000Z", false, kLoad)) == Applied::kAdded);
  CHECK(*f.Apply(Probe("2026-12-05T09:59:59.999Z", false, kLoad)) == Applied::kAdded);
  CHECK(*f.Apply(Probe("2026-12-05T10:00:00.000Z", false, kLoad)) == Applied::kSynthetic);
  CHECK(f.Bad() == 2);
  CHECK(f.ingester.counts().synthetic.at("load") == 2);
}

TEST_CASE("budget synthetic: include_synthetic false holds inside a staging window", "[budget]") {
  Fixture f(Section(R"(, "include_synthetic": false)", kStaging));
  CHECK(*f.Apply(Probe("2026-12-05T09:30:00.000Z", false, kLoad)) == Applied::kSynthetic);
  CHECK(f.Bad() == 0);
}

TEST_CASE("budget synthetic: usage is charged only when every money budget reading it counts it", "[budget]") {
  const std::string section = R"({
    "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
    "budgets": [{"name": "all", "unit": "money", "limit": 5000, "currency": "EUR", "include_synthetic": true},
                {"name": "stream", "unit": "money", "limit": 100, "currency": "EUR", "components": ["stream"]}]})";
  Fixture f(section);
  auto usage = [](const std::string& id, const std::string& component) {
    return R"({"kind":"usage","v":1,"ts":"2026-12-05T11:00:00.000Z","id":")" + id + R"(","component":")" + component +
           R"(","resource":"edge.exec","qty":5,"synthetic":"load"})";
  };
  CHECK(*f.Apply(usage("a", "checkout")) == Applied::kAdded);   // read by "all" alone, which counts it
  CHECK(*f.Apply(usage("b", "stream")) == Applied::kSynthetic);  // "stream" leaves it out
}

TEST_CASE("budget synthetic: a synthetic field that is not a non-empty string is bad data", "[budget]") {
  Fixture f(Section(""));
  for (const char* tag : {R"(,"synthetic":true)", R"(,"synthetic":"")", R"(,"synthetic":1)"}) {
    Result<Applied> applied = f.Apply(Probe("2026-12-05T11:00:00.000Z", false, tag));
    REQUIRE_FALSE(applied.ok());
    CHECK(applied.status().code() == ExitCode::kDataErr);
    CHECK_THAT(applied.status().message(), Catch::Contains("\"synthetic\": expected a non-empty string"));
  }
  CHECK(f.Bad() == 0);
}

TEST_CASE("budget synthetic: a malformed staging window or flag is a config error naming the key", "[budget]") {
  struct Case {
    std::string slo_extra, section_extra, names;
  };
  const Case cases[] = {
      {"", R"(, "staging": [{"from": "2026-12-05T10:00:00Z", "until": "2026-12-05T09:00:00Z"}])", "/budget/staging/0/until"},
      {"", R"(, "staging": [{"from": "yesterday", "until": "2026-12-05T09:00:00Z"}])", "/budget/staging/0/from"},
      {"", R"(, "staging": [{"from": "2026-12-05T08:00:00Z"}])", R"(/budget/staging/0: missing required key "until")"},
      {"", R"(, "staging": [{"from": "2026-12-05T08:00:00Z", "until": "2026-12-05T09:00:00Z", "why": "x"}])", "why"},
      {"", R"(, "staging": {"from": "2026-12-05T08:00:00Z"})", "/budget/staging"},
      {R"(, "include_synthetic": "yes")", "", "/budget/budgets/1/include_synthetic"},
  };
  for (const Case& c : cases) {
    Result<BudgetConfig> config = ConfigFrom(Section(c.slo_extra, c.section_extra));
    INFO(c.slo_extra << c.section_extra);
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == ExitCode::kConfig);
    CHECK_THAT(config.status().message(), Catch::Contains(c.names));
  }
}

TEST_CASE("budget synthetic: the window's bounds and note are read", "[budget]") {
  BudgetConfig config = MustConfig(Section("", kStaging));
  REQUIRE(config.staging.size() == 1);
  CHECK(config.staging[0].note == "rehearsal before doors open");
  CHECK(InStagingWindow(config, At("2026-12-05T09:00:00Z")));
  CHECK_FALSE(InStagingWindow(config, At("2026-12-05T10:00:00Z")));
  CHECK_FALSE(config.budgets[1].include_synthetic.has_value());
}

TEST_CASE("budget synthetic: a left-out counter sample is not charged with the next live one", "[budget]") {
  Fixture f(R"({
    "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
    "meters": {"edge_fn_invocations_total": {"component": "stream", "resource": "edge.exec"}},
    "budgets": [{"name": "spend", "unit": "money", "limit": 5000, "currency": "EUR"}]})");
  auto sample = [](const std::string& ts, int value, const std::string& extra) {
    return R"({"kind":"metric","v":1,"ts":")" + ts +
           R"(","source":"edge","name":"edge_fn_invocations_total","type":"counter","value":)" +
           std::to_string(value) + extra + "}";
  };
  CHECK(*f.Apply(sample("2026-12-05T11:00:00.000Z", 100, "")) == Applied::kAdded);  // the baseline
  CHECK(*f.Apply(sample("2026-12-05T11:00:05.000Z", 1100, kLoad)) == Applied::kSynthetic);
  CHECK(*f.Apply(sample("2026-12-05T11:00:10.000Z", 1110, "")) == Applied::kAdded);
  Result<std::vector<UsageTotal>> totals = f.ledger.UsageBetween(At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
  REQUIRE(totals.ok());
  REQUIRE(totals->size() == 1);
  CHECK((*totals)[0].qty_micro == 10000000);  // 10 live executions, not the load test's 1000
}
