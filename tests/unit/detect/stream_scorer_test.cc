#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>

#include "tests/unit/detect/detect_test_util.h"
#include "tools/detect/stream_scorer.h"

using namespace evt;
using namespace evt::detect;
using evt::detect::testing::ProbeTs;

namespace {

DetectSection Section(std::int64_t max_series = 100) {
  DetectSection d;
  d.series.push_back(SeriesSpec{"latency", "probe", {}, "total_ms", "default", "default"});
  d.rules["default"] = RuleSpec{0.9, 3, 5, 0.5, 5};  // raise_above, raise_count, raise_window, clear_below, clear_after
  d.models["default"] = DetectorSpec{};
  d.max_series = max_series;
  return d;
}

Value Probe(int second, double total_ms, const std::string& target = "checkout") {
  Value v = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", ProbeTs(second)}, {"target", target}});
  if (std::isfinite(total_ms)) v.set("total_ms", total_ms);
  return v;
}

std::uint32_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
  std::cout << "stream scorer test: EVT_TEST_SEED=" << seed << "\n";
  return seed;
}

struct Run {
  std::vector<Value> anomalies;
  std::vector<int> at;  // the second of each anomaly
};

// A noisy baseline around 50 ms, with `shape` choosing the value at a second.
template <class Shape>
void Feed(StreamScorer& scorer, Run& run, int seconds, std::mt19937& rng, Shape shape) {
  std::normal_distribution<double> noise(0, 2);
  for (int t = 0; t < seconds; ++t) {
    int before = static_cast<int>(run.anomalies.size());
    REQUIRE(scorer.Score(Probe(t, shape(t, 50 + noise(rng)))).ok());
    for (int i = before; i < static_cast<int>(run.anomalies.size()); ++i) run.at.push_back(t);
  }
}

}  // namespace

TEST_CASE("stream scorer: an outage raises within the rule's bound and clears after recovery") {
  std::mt19937 rng(Seed());
  DetectSection section = Section();
  Run run;
  StreamScorer scorer(section, nullptr, [&](const Value& r) {
    run.anomalies.push_back(r);
    return Status::Ok();
  });
  Feed(scorer, run, 400, rng, [](int t, double v) { return t >= 200 && t < 230 ? 2000.0 : v; });
  REQUIRE(run.anomalies.size() >= 2);
  CHECK(run.anomalies[0].find("state")->as_string() == "raise");
  CHECK(run.at[0] >= 200);
  CHECK(run.at[0] <= 202);  // 3 of 5: the third outage sample
  CHECK(run.anomalies[0].find("series")->as_string() == "latency{target=\"checkout\"}");
  CHECK(run.anomalies[0].find("value")->as_double() == 2000.0);
  CHECK(run.anomalies[0].find("score")->as_double() > 0.9);
  CHECK(run.anomalies[1].find("state")->as_string() == "clear");
  CHECK(run.at[1] >= 230);
  CHECK(run.at[1] < 300);
}

TEST_CASE("stream scorer: single outliers never raise") {
  std::mt19937 rng(Seed());
  DetectSection section = Section();
  Run run;
  StreamScorer scorer(section, nullptr, [&](const Value& r) {
    run.anomalies.push_back(r);
    return Status::Ok();
  });
  Feed(scorer, run, 600, rng, [](int t, double v) { return t % 100 == 50 ? 5000.0 : v; });
  CHECK(run.anomalies.empty());
}

TEST_CASE("stream scorer: missing values neither raise nor clear") {
  std::mt19937 rng(Seed());
  DetectSection section = Section();
  Run run;
  StreamScorer scorer(section, nullptr, [&](const Value& r) {
    run.anomalies.push_back(r);
    return Status::Ok();
  });
  // An outage, then nothing but missing values: still raised.
  Feed(scorer, run, 300, rng, [](int t, double v) { return t < 200 ? v : t < 210 ? 2000.0 : NAN; });
  REQUIRE(run.anomalies.size() == 1);
  CHECK(run.anomalies[0].find("state")->as_string() == "raise");
  const SeriesState& s = *scorer.bank().series().begin()->second;
  CHECK(s.missing == 90);
  CHECK(s.rule.raised());
}

TEST_CASE("stream scorer: each target is a series of its own, and the count is capped") {
  DetectSection section = Section(/*max_series=*/2);
  StreamScorer scorer(section, nullptr, AnomalySink());
  for (const char* target : {"a", "b", "c", "a", "c"}) REQUIRE(scorer.Score(Probe(1, 50, target)).ok());
  CHECK(scorer.bank().series().size() == 2);
  CHECK(scorer.bank().series().count("latency{target=\"a\"}") == 1);
  CHECK(scorer.bank().capped() == 2);
}

TEST_CASE("stream scorer: fit's model starts a run warm") {
  DetectSection section = Section();
  StreamScorer fit(section, nullptr, AnomalySink());
  for (int t = 0; t < 100; ++t) REQUIRE(fit.Score(Probe(t, 50.0 + t % 5)).ok());
  Result<Model> loaded = LoadModel(ModelFile(fit.bank().ModelParts()), "model.json");
  REQUIRE(loaded.ok());
  Model model = *loaded;
  REQUIRE(model.size() == 1);
  CHECK(model.begin()->second.samples == 100);

  std::vector<Value> anomalies;
  StreamScorer cold(section, nullptr, AnomalySink());
  StreamScorer warm(section, &model, [&](const Value& r) {
    anomalies.push_back(r);
    return Status::Ok();
  });
  for (int t = 100; t < 103; ++t) {
    REQUIRE(cold.Score(Probe(t, 3000)).ok());
    REQUIRE(warm.Score(Probe(t, 3000)).ok());
  }
  CHECK_FALSE(cold.bank().series().begin()->second->last.warm);
  CHECK(warm.bank().series().begin()->second->last.warm);
  REQUIRE(anomalies.size() == 1);  // three at once: raised on the third sample of the run
}
