// JudgeCanaryStep (tools/failover/canary_judge.h): each metric's verdict
// and the step's, from samples built here.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "tools/failover/canary_judge.h"

using namespace evt;
using namespace evt::failover;

namespace {

CanaryMetricSpec Latency(double weight = 1, bool critical = true) {
  CanaryMetricSpec m;
  m.name = "latency";
  m.kind = CanaryMetricKind::kLatency;
  m.weight = weight;
  m.critical = critical;
  m.min_samples = 20;
  m.tolerance = 10;
  return m;
}

CanaryMetricSpec Errors(double weight = 1, bool critical = true) {
  CanaryMetricSpec m;
  m.name = "errors";
  m.kind = CanaryMetricKind::kErrorRatio;
  m.weight = weight;
  m.critical = critical;
  m.min_samples = 200;
  m.tolerance = 0.005;
  return m;
}

CanaryJudgeSpec Spec(std::vector<CanaryMetricSpec> metrics, double pass = 95, double marginal = 75) {
  CanaryJudgeSpec spec;
  spec.metrics = std::move(metrics);
  spec.pass_score = pass;
  spec.marginal_score = marginal;
  return spec;
}

// n latencies around 40 ms with a spread of 12 ms (ties included, as
// whole-millisecond timings have them), moved by `shift`.
CanaryMetricSamples Timings(int n, double shift) {
  CanaryMetricSamples s;
  for (int i = 0; i < n; ++i) s.latency_ms.push_back(40 + (i * 7) % 13 + shift);
  return s;
}

CanaryMetricSamples Requests(std::int64_t requests, std::int64_t errors) {
  CanaryMetricSamples s;
  s.requests = requests;
  s.errors = errors;
  return s;
}

CanaryJudgement Judge(const CanaryJudgeSpec& spec, std::vector<CanaryMetricSamples> baseline,
                      std::vector<CanaryMetricSamples> canary) {
  return JudgeCanaryStep(spec, baseline, canary);
}

}  // namespace

TEST_CASE("canary judge: a canary like its baseline passes with 100") {
  const CanaryJudgement j =
      Judge(Spec({Latency(), Errors()}), {Timings(50, 0), Requests(500, 1)}, {Timings(50, 1), Requests(500, 2)});
  CHECK(j.verdict == CanaryVerdict::kPass);
  CHECK(j.score == 100);
  REQUIRE(j.metrics.size() == 2);
  CHECK(j.metrics[0].name == "latency");
  CHECK(j.metrics[0].verdict == CanaryVerdict::kPass);
  CHECK(j.metrics[0].canary_n == 50);
  CHECK(j.metrics[0].baseline_n == 50);
  CHECK(j.metrics[0].reason.find("not significant") != std::string::npos);
  CHECK(j.metrics[1].verdict == CanaryVerdict::kPass);
  CHECK(j.metrics[1].canary_n == 500);
}

TEST_CASE("canary judge: zero traffic is inconclusive, never a pass, and says why") {
  const CanaryJudgement j = Judge(Spec({Latency(), Errors()}), {{}, {}}, {{}, {}});
  CHECK(j.verdict == CanaryVerdict::kInconclusive);
  CHECK(j.score == 0);
  REQUIRE(j.metrics.size() == 2);
  CHECK(j.metrics[0].verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics[0].reason == "0 canary and 0 baseline samples, fewer than 20 on a side");
  CHECK(j.metrics[1].reason == "0 canary and 0 baseline requests, fewer than 200 on a side");
  CHECK(j.metrics[0].p_value == 1);
}

TEST_CASE("canary judge: one side below min_samples is inconclusive even when the other has plenty") {
  const CanaryJudgement j = Judge(Spec({Latency()}), {Timings(500, 0)}, {Timings(19, 80)});
  CHECK(j.verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics[0].reason == "19 canary and 500 baseline samples, fewer than 20 on a side");
}

TEST_CASE("canary judge: missing sample entries count as no samples") {
  const CanaryJudgement j = Judge(Spec({Latency(), Errors()}), {Timings(50, 0)}, {});
  CHECK(j.verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics.size() == 2);
}

TEST_CASE("canary judge: +50 ms p50 fails the critical latency metric and the step") {
  const CanaryJudgement j =
      Judge(Spec({Latency(), Errors()}), {Timings(40, 0), Requests(500, 0)}, {Timings(40, 50), Requests(500, 0)});
  CHECK(j.verdict == CanaryVerdict::kFail);
  CHECK(j.score == 50);
  const CanaryMetricResult& m = j.metrics[0];
  CHECK(m.verdict == CanaryVerdict::kFail);
  CHECK(m.p_value < 1e-6);
  CHECK(m.estimate == Approx(50).margin(1e-3));
  CHECK(m.conf_low > 10);
  CHECK(m.reason.find("shift +50.0 ms") != std::string::npos);
  CHECK(m.reason.find("> 10 ms") != std::string::npos);
}

TEST_CASE("canary judge: a faster canary never fails latency, however significant") {
  const CanaryJudgement j = Judge(Spec({Latency()}), {Timings(40, 60)}, {Timings(40, 0)});
  CHECK(j.verdict == CanaryVerdict::kPass);
  CHECK(j.metrics[0].p_value < 1e-6);
  CHECK(j.metrics[0].estimate == Approx(-60).margin(1e-3));
  CHECK(j.metrics[0].reason.find("<= 10 ms") != std::string::npos);
}

TEST_CASE("canary judge: a real slowdown within the tolerance passes") {
  const CanaryJudgement j = Judge(Spec({Latency()}), {Timings(200, 0)}, {Timings(200, 5)});
  CHECK(j.metrics[0].p_value < 0.05);
  CHECK(j.metrics[0].estimate == Approx(5).margin(1e-3));
  CHECK(j.verdict == CanaryVerdict::kPass);
}

TEST_CASE("canary judge: every latency equal on both sides passes by the documented rule, p = 1") {
  CanaryMetricSamples flat;
  flat.latency_ms.assign(30, 12.0);
  const CanaryJudgement j = Judge(Spec({Latency()}), {flat}, {flat});
  CHECK(j.verdict == CanaryVerdict::kPass);
  CHECK(j.metrics[0].p_value == 1);
  CHECK(j.metrics[0].estimate == 0);
  CHECK(j.metrics[0].conf_low == 0);
  CHECK(j.metrics[0].conf_high == 0);
}

TEST_CASE("canary judge: +2 % errors fails, a canary with fewer errors passes") {
  const CanaryJudgement worse = Judge(Spec({Errors()}), {Requests(500, 0)}, {Requests(500, 10)});
  CHECK(worse.verdict == CanaryVerdict::kFail);
  CHECK(worse.metrics[0].p_value == Approx(0.001866375604).epsilon(1e-9));
  CHECK(worse.metrics[0].estimate == Approx(0.02));
  CHECK(worse.metrics[0].reason.find("errors 10/500 vs 0/500, +2.00 %") != std::string::npos);
  CHECK(worse.metrics[0].reason.find("> 0.5 %") != std::string::npos);
  const CanaryJudgement better = Judge(Spec({Errors()}), {Requests(1000, 25)}, {Requests(1000, 7)});
  CHECK(better.metrics[0].p_value < 0.05);
  CHECK(better.verdict == CanaryVerdict::kPass);
}

TEST_CASE("canary judge: more errors than requests is inconclusive with the reason") {
  const CanaryJudgement j = Judge(Spec({Errors()}), {Requests(300, 0)}, {Requests(300, 301)});
  CHECK(j.verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics[0].reason.find("301 events among 300 trials") != std::string::npos);
}

TEST_CASE("canary judge: a latency that is not a number is inconclusive, naming the side and the sample") {
  CanaryMetricSamples canary = Timings(30, 0);
  canary.latency_ms[7] = std::nan("");
  const CanaryJudgement j = Judge(Spec({Latency()}), {Timings(30, 0)}, {canary});
  CHECK(j.verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics[0].reason == "canary latency sample 7 is not a finite number");
}

TEST_CASE("canary judge: a failing critical metric fails the step despite a high score") {
  const CanaryJudgement j = Judge(Spec({Latency(1, true), Errors(9, false)}, 85, 75),
                                  {Timings(40, 0), Requests(500, 0)}, {Timings(40, 50), Requests(500, 0)});
  CHECK(j.score == 90);
  CHECK(j.verdict == CanaryVerdict::kFail);
}

TEST_CASE("canary judge: a failing non-critical metric lowers the score: marginal or fail by the thresholds") {
  const std::vector<CanaryMetricSamples> baseline = {Timings(40, 0), Requests(500, 0)};
  const std::vector<CanaryMetricSamples> canary = {Timings(40, 50), Requests(500, 0)};
  const CanaryJudgement marginal = Judge(Spec({Latency(1, false), Errors(3, false)}), baseline, canary);
  CHECK(marginal.score == 75);
  CHECK(marginal.verdict == CanaryVerdict::kMarginal);
  const CanaryJudgement passing = Judge(Spec({Latency(1, false), Errors(3, false)}, 75, 50), baseline, canary);
  CHECK(passing.verdict == CanaryVerdict::kPass);
  const CanaryJudgement failing = Judge(Spec({Latency(1, false), Errors(1, false)}), baseline, canary);
  CHECK(failing.score == 50);
  CHECK(failing.verdict == CanaryVerdict::kFail);
}

TEST_CASE("canary judge: the score counts only metrics with a verdict") {
  const CanaryJudgement j = Judge(Spec({Latency(1, false), Errors()}), {Timings(5, 0), Requests(500, 0)},
                                  {Timings(5, 0), Requests(500, 0)});
  CHECK(j.metrics[0].verdict == CanaryVerdict::kInconclusive);
  CHECK(j.metrics[1].verdict == CanaryVerdict::kPass);
  CHECK(j.score == 100);
  CHECK(j.verdict == CanaryVerdict::kPass);
}

TEST_CASE("canary judge: a critical metric too thin to judge holds the step though the others pass") {
  const CanaryJudgement thin = Judge(Spec({Latency(), Errors()}), {Timings(50, 0), Requests(50, 0)},
                                     {Timings(50, 0), Requests(50, 0)});
  CHECK(thin.metrics[0].verdict == CanaryVerdict::kPass);
  CHECK(thin.metrics[1].verdict == CanaryVerdict::kInconclusive);
  CHECK(thin.verdict == CanaryVerdict::kInconclusive);
  // A critical failure still fails, judged or not the rest.
  const CanaryJudgement slow = Judge(Spec({Latency(), Errors()}), {Timings(50, 0), Requests(50, 0)},
                                     {Timings(50, 60), Requests(50, 0)});
  CHECK(slow.metrics[0].verdict == CanaryVerdict::kFail);
  CHECK(slow.verdict == CanaryVerdict::kFail);
}

TEST_CASE("canary judge: verdict names") {
  CHECK(CanaryVerdictName(CanaryVerdict::kPass) == "pass");
  CHECK(CanaryVerdictName(CanaryVerdict::kMarginal) == "marginal");
  CHECK(CanaryVerdictName(CanaryVerdict::kFail) == "fail");
  CHECK(CanaryVerdictName(CanaryVerdict::kInconclusive) == "inconclusive");
}
