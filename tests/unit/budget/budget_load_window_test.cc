// evt-load's load.window records as the events of an error budget: a
// window's completed requests, its errors bad, under the run's target; left
// out as synthetic traffic unless the budget counts it; replays idempotent;
// a window that does not add up is bad data naming the field.
#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;

namespace {

// An error budget on "checkout" (with `slo_extra` spliced in), and
// `section_extra` in the section.
std::string Section(const std::string& slo_extra, const std::string& section_extra = "") {
  return R"({"budgets": [{"name": "slo", "unit": "error", "objective": 0.99, "events_from": "checkout")" + slo_extra +
         "}]" + section_extra + "}";
}

// A load.window as evt-load writes it, with `completed` and `errors` as given.
std::string Window(const std::string& ts, std::int64_t completed, const std::string& errors,
                   const std::string& target = "checkout") {
  return R"({"kind":"load.window","v":1,"ts":")" + ts + R"(","synthetic":"load","target":")" + target +
         R"(","duration_ms":1000,"target_rate":150,"achieved_rate":150,"intended":150,"sent":150,"completed":)" +
         std::to_string(completed) + R"(,"in_flight":0,"slipped":0,"held_back":0,"errors":)" + errors +
         R"(,"error_ratio":0})";
}

struct Fixture {
  BudgetConfig config;
  Ledger ledger = Ledger::OpenMemory().value();
  Ingester ingester;

  explicit Fixture(const std::string& section, bool strict = false)
      : config(MustConfig(section)), ingester(config, ledger, At("2026-12-05T12:00:00Z"), strict) {}

  Result<Applied> Apply(const std::string& json) {
    REQUIRE(ledger.Begin().ok());
    Result<Value> record = ParseJson(json, "test");
    REQUIRE(record.ok());
    Result<Applied> applied = ingester.Apply(*record);
    REQUIRE(ledger.Commit().ok());
    return applied;
  }
  EventCounts Events(const char* from = "2026-12-05T00:00:00Z", const char* to = "2026-12-06T00:00:00Z") {
    Result<EventCounts> counts = ledger.EventsBetween("checkout", At(from), At(to));
    REQUIRE(counts.ok());
    return *counts;
  }
  // The message of a record the ingester refuses as bad data.
  std::string Refusal(const std::string& json) {
    Result<Applied> applied = Apply(json);
    REQUIRE_FALSE(applied.ok());
    CHECK(applied.status().code() == ExitCode::kDataErr);
    CHECK(Events().good + Events().bad == 0);
    return applied.status().message();
  }
};

const char* kIncluded = R"(, "include_synthetic": true)";

}  // namespace

TEST_CASE("budget load.window: completed requests, the errors of them bad, in the window's second", "[budget]") {
  Fixture f(Section(kIncluded));
  CHECK(*f.Apply(Window("2026-12-05T11:00:07.000Z", 148, R"({"5xx": 2, "timeout": 1})")) == Applied::kAdded);
  EventCounts second = f.Events("2026-12-05T11:00:07Z", "2026-12-05T11:00:08Z");
  CHECK(second.good == 145);
  CHECK(second.bad == 3);
  CHECK(f.Events("2026-12-05T11:00:08Z", "2026-12-05T11:01:00Z").good == 0);
  CHECK(*f.Apply(Window("2026-12-05T11:00:08.000Z", 150, "{}")) == Applied::kAdded);
  CHECK(f.Events().good == 295);
  CHECK(f.Events().bad == 3);
  CHECK(f.ledger.CheckConsistency().ok());
}

TEST_CASE("budget load.window: the error budget burns as for the same probes", "[budget]") {
  Fixture f(Section(kIncluded));
  // 10 of 100 failed, against 1 % allowed: a burn of 10.
  REQUIRE(*f.Apply(Window("2026-12-05T11:59:00.000Z", 100, R"({"5xx": 10})")) == Applied::kAdded);
  auto status = EvaluateBudgets(f.config, f.ledger, At("2026-12-05T12:00:00Z"), {});
  REQUIRE(status.ok());
  const BudgetStatus& s = status->at(0);
  CHECK(s.has_data);
  CHECK(s.spent == 10);
  CHECK(s.limit == Approx(1));
  CHECK(s.ratio == Approx(10));
  CHECK(s.state == State::kOver);
}

TEST_CASE("budget load.window: synthetic, so left out unless the budget counts it", "[budget]") {
  SECTION("by default, outside a staging window") {
    Fixture f(Section(""));
    CHECK(*f.Apply(Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 50})")) == Applied::kSynthetic);
    CHECK(f.Events().good + f.Events().bad == 0);
    CHECK(f.ingester.counts().synthetic == std::map<std::string, std::int64_t>{{"load", 1}});
  }
  SECTION("inside a staging window") {
    Fixture f(Section("", R"(, "staging": [{"from": "2026-12-05T10:30:00Z", "until": "2026-12-05T11:30:00Z"}])"));
    CHECK(*f.Apply(Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 50})")) == Applied::kAdded);
    CHECK(*f.Apply(Window("2026-12-05T11:30:00.000Z", 100, R"({"5xx": 50})")) == Applied::kSynthetic);
    CHECK(f.Events().bad == 50);
  }
  SECTION("include_synthetic: false even inside a staging window") {
    Fixture f(Section(R"(, "include_synthetic": false)",
                      R"(, "staging": [{"from": "2026-12-05T10:30:00Z", "until": "2026-12-05T11:30:00Z"}])"));
    CHECK(*f.Apply(Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 50})")) == Applied::kSynthetic);
    CHECK(f.Events().bad == 0);
  }
}

TEST_CASE("budget load.window: a target no error budget reads is unmapped", "[budget]") {
  Fixture f(Section(kIncluded));
  CHECK(*f.Apply(Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 5})", "http://127.0.0.1:8080/")) ==
        Applied::kUnmapped);
  CHECK(f.ingester.counts().unmapped == 1);
  CHECK(f.Events().good + f.Events().bad == 0);
}

TEST_CASE("budget load.window: a replay changes nothing, other counts at the same time conflict", "[budget]") {
  const std::string window = Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 5})");
  const std::string other = Window("2026-12-05T11:00:00.000Z", 100, R"({"5xx": 6})");
  SECTION("counted and warned about") {
    Fixture f(Section(kIncluded));
    CHECK(*f.Apply(window) == Applied::kAdded);
    CHECK(*f.Apply(window) == Applied::kDuplicate);
    CHECK(*f.Apply(other) == Applied::kConflicting);
    CHECK(f.ingester.last_conflict() ==
          "100 completed, 6 failed here, 100 completed, 5 failed in the ledger for the same window "
          "(\"target\": \"checkout\" at 2026-12-05T11:00:00.000Z)");
    CHECK(f.Events().good == 95);
    CHECK(f.Events().bad == 5);
    CHECK(f.ingester.counts().duplicates == 1);
    CHECK(f.ingester.counts().conflicting == 1);
  }
  SECTION("refused with --strict") {
    Fixture f(Section(kIncluded), /*strict=*/true);
    CHECK(*f.Apply(window) == Applied::kAdded);
    Result<Applied> refused = f.Apply(other);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == ExitCode::kDataErr);
    CHECK(f.Events().bad == 5);
  }
}

TEST_CASE("budget load.window: a window that does not add up is bad data naming the field", "[budget]") {
  Fixture f(Section(kIncluded));
  const char* ts = "2026-12-05T11:00:00.000Z";
  CHECK(f.Refusal(Window(ts, 3, R"({"5xx": 2, "reset": 2})")) ==
        "\"errors\": 4 or more failed requests, but only 3 completed");
  CHECK(f.Refusal(Window(ts, -1, "{}")).starts_with("\"completed\": expected a count of requests from 0 to 1e12"));
  CHECK(f.Refusal(Window(ts, 2'000'000'000'000, "{}")).starts_with("\"completed\": expected a count"));
  CHECK(f.Refusal(Window(ts, 3, R"([2])")).starts_with("\"errors\": expected an object of failed requests by class"));
  CHECK(f.Refusal(Window(ts, 3, R"({"5xx": -1})")).starts_with("\"errors/5xx\": expected a count"));
  CHECK(f.Refusal(Window(ts, 3, R"({"5xx": 1.5})")).starts_with("\"errors/5xx\": expected a count"));
  CHECK(f.Refusal(R"({"kind":"load.window","v":1,"ts":"2026-12-05T11:00:00.000Z","synthetic":"load",)"
                  R"("completed":1,"errors":{}})") == "\"target\": expected a non-empty string, but it is missing");
  CHECK(f.Refusal(R"({"kind":"load.window","v":1,"ts":"2026-12-05T11:00:00.000Z","synthetic":"load",)"
                  R"("target":"checkout","errors":{}})")
            .starts_with("\"completed\": expected a count of requests from 0 to 1e12, but it is missing"));
}

TEST_CASE("budget load.window: the run's summary and raw requests are not taken", "[budget]") {
  Fixture f(Section(kIncluded));
  for (const char* kind : {"load.summary", "load.request"}) {
    INFO(kind);
    CHECK(*f.Apply(std::string(R"({"kind":")") + kind +
                   R"(","v":1,"ts":"2026-12-05T11:00:00.000Z","synthetic":"load","target":"checkout",)"
                   R"("completed":100,"errors":{"5xx":100}})") == Applied::kNotTaken);
  }
  CHECK(f.Events().good + f.Events().bad == 0);
}

TEST_CASE("budget ledger: batches and single events add up in the rollups", "[budget]") {
  Ledger ledger = Ledger::OpenMemory().value();
  TimePoint t = At("2026-12-05T11:00:00Z");
  REQUIRE(ledger.Begin().ok());
  CHECK(*ledger.AddEvent({"probe-1", t, "checkout", false}));
  CHECK(*ledger.AddEvents({"window-1", t, "checkout", {7, 2}}));
  CHECK_FALSE(*ledger.AddEvents({"window-1", t, "checkout", {7, 2}}));
  CHECK_FALSE(ledger.AddEvents({"window-2", t, "checkout", {-1, 2}}).ok());
  REQUIRE(ledger.Commit().ok());
  Result<EventCounts> counts = ledger.EventsBetween("checkout", t, t + std::chrono::seconds(1));
  REQUIRE(counts.ok());
  CHECK(counts->good == 7);
  CHECK(counts->bad == 3);
  CHECK(ledger.CheckConsistency().ok());
  Result<std::optional<EventCounts>> kept = ledger.EventsKept("window-1");
  REQUIRE(kept.ok());
  REQUIRE(kept->has_value());
  CHECK((*kept)->good == 7);
  CHECK(!*ledger.EventsKept("probe-1"));
  CHECK(!*ledger.EventWasGood("window-1"));
}
