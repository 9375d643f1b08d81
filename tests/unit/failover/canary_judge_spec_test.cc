// ReadCanaryJudgeSpec (tools/failover/canary_judge.h): the documented
// shape, the defaults, and every refusal naming file and JSON pointer.
#include <catch2/catch.hpp>

#include <string>

#include "common/json_parse.h"
#include "tools/failover/canary_judge.h"

using namespace evt;
using namespace evt::failover;

namespace {

Result<CanaryJudgeSpec> Read(const std::string& json) {
  Result<Value> value = ParseJson(json, "test");
  INFO(value.status().message());
  REQUIRE(value.ok());
  Result<ConfigObject> judge =
      ConfigObject::FromValue(std::move(*value), "/failover/canary/judge", {"event.json", "/etc/evt"});
  REQUIRE(judge.ok());
  return ReadCanaryJudgeSpec(*judge);
}

std::string Refusal(const std::string& json) {
  Result<CanaryJudgeSpec> spec = Read(json);
  REQUIRE_FALSE(spec.ok());
  CHECK(spec.status().code() == ExitCode::kConfig);
  return spec.status().message();
}

const std::string kDocumented = R"({"metrics": [
  {"name": "latency", "kind": "latency", "critical": true, "min_samples": 20, "tolerance": 10},
  {"name": "errors", "kind": "errors", "critical": true, "min_samples": 200, "tolerance": 0.005}],
  "pass": 95, "marginal": 75})";

std::string Metrics(const std::string& metrics) { return R"({"metrics": [)" + metrics + "]}"; }

}  // namespace

TEST_CASE("canary judge spec: the documented config reads") {
  Result<CanaryJudgeSpec> spec = Read(kDocumented);
  INFO(spec.status().message());
  REQUIRE(spec.ok());
  REQUIRE(spec->metrics.size() == 2);
  const CanaryMetricSpec& latency = spec->metrics[0];
  CHECK(latency.name == "latency");
  CHECK(latency.kind == CanaryMetricKind::kLatency);
  CHECK(latency.critical);
  CHECK(latency.min_samples == 20);
  CHECK(latency.tolerance == 10);
  CHECK(latency.weight == 1);
  CHECK(latency.alpha == 0.05);
  CHECK(spec->metrics[1].kind == CanaryMetricKind::kErrorRatio);
  CHECK(spec->metrics[1].tolerance == 0.005);
  CHECK(spec->pass_score == 95);
  CHECK(spec->marginal_score == 75);
}

TEST_CASE("canary judge spec: weight and alpha are read, everything else has a default") {
  Result<CanaryJudgeSpec> spec = Read(Metrics(R"({"name": "p", "kind": "latency", "weight": 2.5, "alpha": 0.01})"));
  REQUIRE(spec.ok());
  CHECK(spec->metrics[0].weight == 2.5);
  CHECK(spec->metrics[0].alpha == 0.01);
  CHECK_FALSE(spec->metrics[0].critical);
  CHECK(spec->metrics[0].min_samples == 20);
  CHECK(spec->metrics[0].tolerance == 0);
  CHECK(spec->pass_score == 95);
  CHECK(spec->marginal_score == 75);
}

TEST_CASE("canary judge spec: refusals name the file, the pointer and what was expected") {
  CHECK(Refusal(R"({"pass": 95})") == "event.json: /failover/canary/judge: missing required key \"metrics\"");
  CHECK(Refusal(R"({"metrics": []})") == "event.json: /failover/canary/judge/metrics: expected at least one metric");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "p99"})")) ==
        "event.json: /failover/canary/judge/metrics/0/kind: expected \"latency\" (milliseconds, rank-sum test) or "
        "\"errors\" (error ratio, Fisher's test), got \"p99\"");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "latency"}, {"name": "l", "kind": "errors"})")) ==
        "event.json: /failover/canary/judge/metrics/1/name: duplicate metric name \"l\" (also "
        "/failover/canary/judge/metrics/0/name)");
  CHECK(Refusal(Metrics(R"({"name": "", "kind": "latency"})")) ==
        "event.json: /failover/canary/judge/metrics/0/name: expected a non-empty name");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "latency", "weight": 0})")) ==
        "event.json: /failover/canary/judge/metrics/0/weight: expected a weight > 0, got 0");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "latency", "min_samples": 1})")) ==
        "event.json: /failover/canary/judge/metrics/0/min_samples: expected 2 to 1000000000 samples per side, got 1");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "latency", "tolerance": -1})")) ==
        "event.json: /failover/canary/judge/metrics/0/tolerance: expected milliseconds of latency shift >= 0, got -1");
  CHECK(Refusal(Metrics(R"({"name": "l", "kind": "latency", "alpha": 0})")) ==
        "event.json: /failover/canary/judge/metrics/0/alpha: expected a significance level strictly between 0 and 1, "
        "such as 0.05");
  CHECK(Refusal(R"({"metrics": [{"name": "l", "kind": "latency"}], "pass": 101})") ==
        "event.json: /failover/canary/judge/pass: expected a score from 0 to 100, got 101");
  CHECK(Refusal(R"({"metrics": [{"name": "l", "kind": "latency"}], "pass": 70, "marginal": 80})") ==
        "event.json: /failover/canary/judge/marginal: expected at most pass (70), got 80");
}

TEST_CASE("canary judge spec: an error ratio tolerance is a ratio, not a percentage") {
  const std::string refusal = Refusal(Metrics(R"({"name": "e", "kind": "errors", "tolerance": 2})"));
  CHECK(refusal.rfind("event.json: /failover/canary/judge/metrics/0/tolerance: ", 0) == 0);
}

TEST_CASE("canary judge spec: unknown keys are refused, with the known ones") {
  const std::string refusal = Refusal(Metrics(R"({"name": "l", "kind": "latency", "tolerance_ms": 10})"));
  CHECK(refusal.rfind("event.json: /failover/canary/judge/metrics/0/tolerance_ms: unknown key", 0) == 0);
  CHECK(Refusal(R"({"metrics": [{"name": "l", "kind": "latency"}], "passing": 90})")
            .rfind("event.json: /failover/canary/judge/passing: unknown key", 0) == 0);
}
