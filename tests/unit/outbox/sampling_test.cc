#include "tools/outbox/sampling.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>

#include "common/json_parse.h"

namespace evt::outbox {
namespace {

Value Json(std::string_view text) { return ParseJson(text, "test").value(); }

std::uint64_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  const std::uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : std::random_device{}();
  std::cout << "sampling_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  return seed;
}

TEST_CASE("sampling: failures as probe, flow and load records say them") {
  CHECK(IsFailure(Json(R"({"kind": "probe", "ok": false})")));
  CHECK(IsFailure(Json(R"({"kind": "load.request", "status": 503})")));
  CHECK(IsFailure(Json(R"({"kind": "load.request", "error": "connect refused"})")));
  CHECK(IsFailure(Json(R"({"kind": "flow", "ok": true, "error": {"step": 2}})")));
  CHECK_FALSE(IsFailure(Json(R"({"kind": "probe", "ok": true, "status": 404})")));
  CHECK_FALSE(IsFailure(Json(R"({"kind": "load.request", "status": 200, "error": null})")));
  CHECK_FALSE(IsFailure(Json(R"({"kind": "metric", "error": false})")));
}

TEST_CASE("sampling: latency from latency_ms, duration_ms or total_ms") {
  CHECK(LatencyMsOf(Json(R"({"latency_ms": 12.5})")) == 12.5);
  CHECK(LatencyMsOf(Json(R"({"duration_ms": 40})")) == 40);
  CHECK(LatencyMsOf(Json(R"({"total_ms": 7})")) == 7);
  CHECK_FALSE(LatencyMsOf(Json(R"({"total_ms": "7"})")));
  CHECK_FALSE(LatencyMsOf(Json(R"({})")));
}

TEST_CASE("sampling: every failure and every slow record is kept whatever the share") {
  const SamplingSpec spec{0.0, 500.0, true};
  CHECK(Keeps(spec, Json(R"({"ok": false})"), "a"));
  CHECK(Keeps(spec, Json(R"({"ok": true, "total_ms": 500})"), "b"));
  CHECK_FALSE(Keeps(spec, Json(R"({"ok": true, "total_ms": 499.9})"), "c"));
  const SamplingSpec drop_failures{0.0, std::nullopt, false};
  CHECK_FALSE(Keeps(drop_failures, Json(R"({"ok": false})"), "a"));
  CHECK(Keeps(SamplingSpec{1.0, std::nullopt, false}, Json(R"({"ok": true})"), "d"));
}

TEST_CASE("sampling: the decision is the id's, the same on every kiosk") {
  const SamplingSpec spec{0.5, std::nullopt, true};
  for (const char* id : {"o1", "o2", "5f0c", "rollup-x"}) {
    CHECK(Keeps(spec, Json(R"({"a": 1})"), id) == Keeps(spec, Json(R"({"a": 2})"), id));
    CHECK(IdShare(id) >= 0.0);
    CHECK(IdShare(id) < 1.0);
  }
  CHECK(IdShare("o1") != IdShare("o2"));
}

TEST_CASE("sampling: the kept share of random ids is within 4.5 sigma of keep") {
  std::mt19937_64 rng(Seed());
  const int n = 20000;
  for (double keep : {0.01, 0.1, 0.5, 0.9}) {
    const SamplingSpec spec{keep, std::nullopt, true};
    const Value ordinary = Json(R"({"ok": true})");
    int kept = 0;
    for (int i = 0; i < n; ++i)
      if (Keeps(spec, ordinary, std::to_string(rng()))) ++kept;
    const double sigma = std::sqrt(n * keep * (1 - keep));
    INFO("keep " << keep << ": " << kept << " of " << n);
    CHECK(std::abs(kept - n * keep) <= 4.5 * sigma);
  }
}

TEST_CASE("sampling: config errors name the key") {
  auto read = [](std::string_view text) -> Result<SamplingSpec> {
    EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::FromValue(Json(text), "/outbox/queues/t/sampling",
                                                                  ConfigOrigin{"event.json", "/etc/evt"}));
    EVT_ASSIGN_OR_RETURN(SamplingSpec spec, ReadSamplingSpec(o));
    EVT_RETURN_IF_ERROR(o.Finish());
    return spec;
  };
  Result<SamplingSpec> ok = read(R"({"keep": 0.1, "slow_ms": 500, "keep_failures": true})");
  REQUIRE(ok.ok());
  CHECK(ok->keep == 0.1);
  CHECK(ok->slow_ms == 500.0);
  Result<SamplingSpec> over = read(R"({"keep": 10})");
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().code() == ExitCode::kConfig);
  CHECK_THAT(over.status().message(), Catch::Contains("/outbox/queues/t/sampling/keep"));
  CHECK_FALSE(read(R"({"slow_ms": -1})").ok());
  CHECK_THAT(read(R"({"kept": 0.5})").status().message(), Catch::Contains("kept"));
}

}  // namespace
}  // namespace evt::outbox
