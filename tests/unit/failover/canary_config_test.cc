#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "common/config.h"
#include "common/json_parse.h"
#include "tools/failover/canary_config.h"
#include "tools/failover/failover_config.h"

using namespace evt;
using namespace evt::failover;

namespace {

const char* kJudge = R"("judge": {"metrics": [{"name": "latency", "kind": "latency", "min_samples": 20, "tolerance": 10}]})";

Result<std::optional<CanarySpec>> Read(const std::string& canary) {
  Result<Value> v = ParseJson("{" + canary + "}", "test");
  REQUIRE(v.ok());
  Result<ConfigObject> failover = ConfigObject::FromValue(*v, "/failover", ConfigOrigin{"event.json", "/tmp"});
  REQUIRE(failover.ok());
  Result<std::optional<CanarySpec>> spec = ReadCanarySection(*failover);
  if (spec.ok()) {
    Status finished = failover->Finish();
    if (!finished.ok()) return finished;
  }
  return spec;
}

std::string Refusal(const std::string& canary) {
  Result<std::optional<CanarySpec>> spec = Read(canary);
  REQUIRE_FALSE(spec.ok());
  CHECK(spec.status().code() == ExitCode::kConfig);
  return spec.status().message();
}

}  // namespace

TEST_CASE("canary config: absent is no canary, the documented shape reads, steps end at 100") {
  Result<std::optional<CanarySpec>> none = Read("");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  Result<std::optional<CanarySpec>> spec = Read(std::string(R"("canary": {"steps": [10, 30, 60], "interval": "2s",
      "failed_steps": 2, "recollect": 0, )") + kJudge + R"(,
      "samples": {"requests": 40, "rate": "20/s", "timeout": "1s", "error_status": 500, "real_traffic": false},
      "hooks": {"pre_rollout": "canary-pre", "promote": "canary-promote", "rollback": "canary-rollback",
                "confirm_promotion": true}})");
  REQUIRE(spec.ok());
  REQUIRE(spec->has_value());
  const CanarySpec& c = **spec;
  CHECK(c.steps == std::vector<int>{10, 30, 60, 100});
  CHECK(c.interval == Duration(2000));
  CHECK(c.failed_steps == 2);
  CHECK(c.recollect == 0);
  CHECK(c.judge.metrics.size() == 1);
  CHECK(c.samples.requests == 40);
  CHECK_FALSE(c.samples.real_traffic);
  CHECK(c.hooks.promote == std::optional<std::string>("canary-promote"));
  CHECK(c.hooks.confirm_promotion);
}

TEST_CASE("canary config: the defaults need only the judge") {
  Result<std::optional<CanarySpec>> spec = Read(std::string(R"("canary": {)") + kJudge + "}");
  REQUIRE(spec.ok());
  CHECK((*spec)->steps == std::vector<int>{5, 25, 50, 100});
  CHECK((*spec)->interval == Duration(60000));
  CHECK((*spec)->failed_steps == 1);
  CHECK_FALSE((*spec)->hooks.pre_rollout.has_value());
}

TEST_CASE("canary config: mistakes are 78 naming the field") {
  const std::string judge = std::string(", ") + kJudge;
  CHECK(Refusal(R"("canary": {"steps": [50, 25])" + judge + "}") ==
        "event.json: /failover/canary/steps: expected rising percentages, got 25 after 50");
  CHECK(Refusal(R"("canary": {"steps": [0.5, 25])" + judge + "}").find("/failover/canary/steps: expected whole percentages") !=
        std::string::npos);
  CHECK(Refusal(R"("canary": {"steps": [5, 250])" + judge + "}").find("/failover/canary/steps") != std::string::npos);
  CHECK(Refusal(R"("canary": {"interval": "0s")" + judge + "}") ==
        "event.json: /failover/canary/interval: expected more than 0s and at most 1d");
  CHECK(Refusal(R"("canary": {"failed_steps": 0)" + judge + "}") ==
        "event.json: /failover/canary/failed_steps: expected 1 to 100, got 0");
  const std::string no_judge = Refusal(R"("canary": {"steps": [5]})");
  CAPTURE(no_judge);
  CHECK(no_judge.find("/failover/canary") != std::string::npos);
  CHECK(no_judge.find("judge") != std::string::npos);
  CHECK(Refusal(R"("canary": {"stepz": [5])" + judge + "}").find("/failover/canary/stepz: unknown key") != std::string::npos);
  CHECK(Refusal(R"("canary": {"samples": {"requests": -1})" + judge + "}").find("/failover/canary/samples/requests") !=
        std::string::npos);
  CHECK(Refusal(R"("canary": {"hooks": {"promote": ""})" + judge + "}").find("/failover/canary/hooks/promote") !=
        std::string::npos);
}

TEST_CASE("canary config: examples/event.json's failover.canary reads") {
  std::ifstream in(std::string(EVT_SOURCE_DIR) + "/examples/event.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<Value> all = ParseJson(text, "examples/event.json");
  REQUIRE(all.ok());
  const Value* failover = all->find("failover");
  REQUIRE(failover);
  Result<ConfigObject> section = ConfigObject::FromValue(*failover, "/failover", ConfigOrigin{"event.json", "/tmp"});
  REQUIRE(section.ok());
  Result<std::optional<CanarySpec>> spec = ReadCanarySection(*section);
  REQUIRE(spec.ok());
  REQUIRE(spec->has_value());
  CHECK((*spec)->judge.metrics.size() == 2);
  CHECK((*spec)->hooks.rollback == std::optional<std::string>("canary-rollback"));
}
