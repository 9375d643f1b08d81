#include <catch2/catch.hpp>

#include "common/exit_code.h"
#include "tools/load/abort_rule.h"

namespace evt::load {
namespace {

// One second in which every request took `ms` from its intended time and
// `failed` of them got a 5xx.
LoadWindow Window(double ms, std::int64_t completed = 100, std::int64_t failed = 0, double seconds = 1.0) {
  LoadWindow w;
  w.seconds = seconds;
  w.completed = completed;
  for (std::int64_t i = 0; i < completed; ++i) w.corrected.RecordMillis(ms);
  w.errors[static_cast<std::size_t>(ErrorClass::k5xx)] = failed;
  return w;
}

AbortRules Rules(std::vector<std::string> texts) {
  Result<AbortRules> rules = AbortRules::Parse(texts);
  INFO(rules.status().ToString());
  REQUIRE(rules.ok());
  return *rules;
}

TEST_CASE("abort rule: the documented expressions parse") {
  Result<AbortRule> r = ParseAbortRule("p99>800ms for 10s");
  REQUIRE(r.ok());
  CHECK(r->metric == AbortMetric::kP99);
  CHECK_FALSE(r->or_equal);
  CHECK(r->threshold == 800);
  CHECK(r->for_seconds == 10);

  r = ParseAbortRule("errors > 1%");
  REQUIRE(r.ok());
  CHECK(r->metric == AbortMetric::kErrors);
  CHECK(r->errors_as_ratio);
  CHECK(r->threshold == Approx(0.01));
  CHECK(r->for_seconds == 0);

  r = ParseAbortRule("errors>=50 for 5s");
  REQUIRE(r.ok());
  CHECK(r->or_equal);
  CHECK_FALSE(r->errors_as_ratio);
  CHECK(r->threshold == 50);

  r = ParseAbortRule("p99.9 >= 1.5s");
  REQUIRE(r.ok());
  CHECK(r->metric == AbortMetric::kP999);
  CHECK(r->threshold == 1500);

  for (const char* text : {"p50>200ms", "p90>1s", "max>2s", "slip>100ms"}) {
    INFO(text);
    CHECK(ParseAbortRule(text).ok());
  }
}

TEST_CASE("abort rule: a bad expression is a usage error naming it and the bad token") {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : {Case{"p98>800ms", "unknown metric \"p98\""},
                        Case{"p99<800ms", "unknown comparison \"<\""},
                        Case{"p99 800ms", "unknown comparison \"800ms\""},
                        Case{"p99>", "missing a value"},
                        Case{"p99>800xs", "bad duration \"800xs\""},
                        Case{"p99>800", "bad duration \"800\""},
                        Case{"errors>101%", "bad error threshold \"101%\""},
                        Case{"errors>-1", "bad error threshold \"-1\""},
                        Case{"errors>1%%", "bad error threshold"},
                        Case{"errors>2.5", "bad error threshold \"2.5\""},
                        Case{"p99>800ms during 10s", "unexpected \"during\""},
                        Case{"p99>800ms for", "bad duration after for \"\""},
                        Case{"p99>800ms for 0s", "bad duration after for \"0s\""},
                        Case{"p99>800ms for 10s now", "unexpected \"now\""},
                        Case{"", "unknown metric \"\""}}) {
    Result<AbortRule> r = ParseAbortRule(c.text);
    INFO(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ExitCode::kUsage);
    CHECK_THAT(r.status().message(), Catch::StartsWith("--abort-if \"" + std::string(c.text) + "\": "));
    CHECK_THAT(r.status().message(), Catch::Contains(c.says));
  }
  Result<AbortRules> rules = AbortRules::Parse({"p99>800ms", "bogus>1"});
  REQUIRE_FALSE(rules.ok());
  CHECK_THAT(rules.status().message(), Catch::Contains("\"bogus>1\""));
}

TEST_CASE("abort rule: a latency rule without for fires on the first window over it") {
  AbortRules rules = Rules({"p99>800ms"});
  CHECK_FALSE(rules.Observe(Window(800)));  // not above
  std::optional<std::string> why = rules.Observe(Window(1234));
  REQUIRE(why);
  CHECK(*why == "p99 1234 ms > 800 ms");

  AbortRules inclusive = Rules({"p99>=800ms"});
  CHECK(inclusive.Observe(Window(800)) == std::optional<std::string>("p99 800 ms >= 800 ms"));
}

TEST_CASE("abort rule: for D needs consecutive windows covering D, and a good window starts over") {
  AbortRules rules = Rules({"p99>800ms for 10s"});
  for (int i = 0; i < 9; ++i) CHECK_FALSE(rules.Observe(Window(1234)));
  CHECK_FALSE(rules.Observe(Window(100)));  // breaks the streak
  for (int i = 0; i < 9; ++i) CHECK_FALSE(rules.Observe(Window(1234)));
  std::optional<std::string> why = rules.Observe(Window(1234));
  REQUIRE(why);
  CHECK(*why == "p99 1234 ms > 800 ms for 10.0s");
}

TEST_CASE("abort rule: a window with nothing completed neither extends nor breaks a streak") {
  AbortRules rules = Rules({"p50>200ms for 3s"});
  CHECK_FALSE(rules.Observe(Window(300)));
  CHECK_FALSE(rules.Observe(Window(0, 0)));
  CHECK_FALSE(rules.Observe(Window(300)));
  CHECK(rules.Observe(Window(300)) == std::optional<std::string>("p50 300 ms > 200 ms for 3.0s"));
}

TEST_CASE("abort rule: short windows are summed (the last window of a run may be shorter)") {
  AbortRules rules = Rules({"max>1s for 1s"});
  CHECK_FALSE(rules.Observe(Window(1500, 10, 0, 0.5)));
  CHECK(rules.Observe(Window(1500, 10, 0, 0.5)) == std::optional<std::string>("max 1500 ms > 1000 ms for 1.0s"));
}

TEST_CASE("abort rule: errors as a share of completed requests or as a count") {
  AbortRules share = Rules({"errors>1%"});
  CHECK_FALSE(share.Observe(Window(10, 1000, 10)));  // exactly 1 %
  CHECK(share.Observe(Window(10, 1000, 25)) == std::optional<std::string>("errors 2.5% > 1%"));

  AbortRules count = Rules({"errors>50 for 2s"});
  CHECK_FALSE(count.Observe(Window(10, 1000, 60)));
  CHECK(count.Observe(Window(10, 1000, 63)) == std::optional<std::string>("errors 63 > 50 for 2.0s"));
}

TEST_CASE("abort rule: slip is the window's p99 schedule slip") {
  AbortRules rules = Rules({"slip>100ms"});
  LoadWindow w = Window(5);
  for (int i = 0; i < 98; ++i) w.slip.RecordMillis(1);
  for (int i = 0; i < 2; ++i) w.slip.RecordMillis(250);
  CHECK(rules.Observe(w) == std::optional<std::string>("slip 250 ms > 100 ms"));
  LoadWindow calm = Window(5);
  for (int i = 0; i < 100; ++i) calm.slip.RecordMillis(i == 0 ? 250 : 1);  // one outlier is under p99
  CHECK_FALSE(rules.Observe(calm));
}

TEST_CASE("abort rule: the first rule that fires gives the reason, others keep their streaks") {
  AbortRules rules = Rules({"errors>10%", "p99>800ms for 2s"});
  CHECK_FALSE(rules.Observe(Window(900)));
  CHECK(rules.Observe(Window(900, 100, 50)) == std::optional<std::string>("errors 50% > 10%"));
  CHECK(rules.Observe(Window(900)) == std::optional<std::string>("p99 900 ms > 800 ms for 3.0s"));
  CHECK(AbortRules().empty());
}

}  // namespace
}  // namespace evt::load
