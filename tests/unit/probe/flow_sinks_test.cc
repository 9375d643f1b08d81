#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tools/probe/flow_sinks.h"

namespace evt::probe {
namespace {

// What a sink printed, read back from a temporary file.
std::string Printed(const std::function<void(FlowSink&)>& use) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  FlowTextSink sink(f);
  use(sink);
  std::rewind(f);
  std::string text;
  char buffer[512];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, f)) text.append(buffer, n);
  std::fclose(f);
  return text;
}

StepResult Step(const char* name, StepOutcome outcome, bool always, double ms) {
  StepResult s;
  s.name = name;
  s.outcome = outcome;
  s.always = always;
  if (outcome != StepOutcome::kSkipped) {
    s.probe = ProbeResult{};
    s.probe->total_ms = ms;
  }
  return s;
}

TEST_CASE("flow text: a passing run lists each step's time") {
  FlowResult r;
  r.target = "checkout";
  r.run = 2;
  r.ok = true;
  r.total_ms = 61.04;
  r.steps = {Step("cart", StepOutcome::kOk, false, 20.01), Step("pay", StepOutcome::kOk, false, 41.0)};
  CHECK(Printed([&](FlowSink& s) { REQUIRE(s.OnFlow(r).ok()); }) == "checkout  run 2  ok  61.0 ms  cart 20.0 pay 41.0\n");
}

TEST_CASE("flow text: a failed run names the step, the reason and the cleanup") {
  FlowResult r;
  r.target = "checkout";
  r.ok = false;
  r.failed_step = "pay";
  r.error = "expected status 2xx, got 502";
  r.steps = {Step("cart", StepOutcome::kOk, false, 1), Step("pay", StepOutcome::kFailed, false, 1),
             Step("receipt", StepOutcome::kSkipped, false, 0), Step("cancel", StepOutcome::kOk, true, 1)};
  CHECK(Printed([&](FlowSink& s) { REQUIRE(s.OnFlow(r).ok()); }) ==
        "checkout  run 1  FAIL at pay: expected status 2xx, got 502  (cleanup: cancel ok)\n");
}

TEST_CASE("flow text: a window gives the success share and percentiles") {
  FlowTarget t;
  t.target = "checkout";
  WindowSummary w;
  w.sent = 10;
  w.lost = 1;
  w.loss = 0.1;
  w.p50_ms = 80.0;
  w.p95_ms = 130.25;
  CHECK(Printed([&](FlowSink& s) { REQUIRE(s.OnWindow(t, w).ok()); }) ==
        "checkout  10 runs, 1 failed, success 90%  p50 80.0 ms  p95 130 ms\n");
}

}  // namespace
}  // namespace evt::probe
