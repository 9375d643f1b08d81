// evt.step's rules on their own, without a Lua state: retries, timeouts,
// always steps after a failure, and where a dry run's pending calls go.
#include "tools/runbook/step_rules.h"

#include <catch2/catch.hpp>

using evt::Duration;
using evt::Value;
using evt::runbook::Attempt;
using evt::runbook::StepOptions;
using evt::runbook::StepProgress;
using evt::runbook::StepResult;

namespace {

// Fails the first `failures` attempts, then succeeds; counts the calls.
struct Flaky {
  int failures = 0;
  int calls = 0;
  Attempt operator()() {
    ++calls;
    if (calls <= failures) return {false, "attempt " + std::to_string(calls) + " failed", false};
    return {true, "", false};
  }
};

std::vector<std::string> Strings(const Value& list) {
  std::vector<std::string> out;
  for (const Value& v : list.as_array()) out.push_back(v.as_string());
  return out;
}

StepResult RunFailing(StepProgress& progress, const std::string& name, StepOptions options = {}) {
  return progress.Run(progress.NextSeq(), name, options, [] { return Attempt{false, "broke", false}; },
                      [](std::int64_t, const std::string&) {});
}

}  // namespace

TEST_CASE("step rules: a step retried to success succeeds, waiting before each retry", "[runbook]") {
  StepProgress progress;
  Flaky flaky{2};
  std::vector<std::string> retried;
  StepOptions options;
  options.retry = 3;
  StepResult r = progress.Run(progress.NextSeq(), "flaky", options, std::ref(flaky),
                              [&](std::int64_t n, const std::string& error) {
                                retried.push_back(std::to_string(n) + ": " + error);
                              });
  CHECK(r.ok);
  CHECK(r.error.empty());
  CHECK(r.attempts == 3);
  CHECK(retried == std::vector<std::string>{"1: attempt 1 failed", "2: attempt 2 failed"});
  CHECK_FALSE(progress.failed());
}

TEST_CASE("step rules: retries used up fail the step and the run, with the last error", "[runbook]") {
  StepProgress progress;
  Flaky flaky{10};
  int retries = 0;
  StepOptions options;
  options.retry = 2;
  StepResult r = progress.Run(progress.NextSeq(), "down", options, std::ref(flaky),
                              [&](std::int64_t, const std::string&) { ++retries; });
  CHECK_FALSE(r.ok);
  CHECK(r.attempts == 3);
  CHECK(retries == 2);  // none after the last attempt
  CHECK(r.error == "attempt 3 failed");
  CHECK(progress.failed());
  CHECK(progress.failure() == "step \"down\" failed: attempt 3 failed");
}

TEST_CASE("step rules: an attempt that ends the run is not retried", "[runbook]") {
  StepProgress progress;
  int calls = 0;
  StepOptions options;
  options.retry = 5;
  StepResult r = progress.Run(
      progress.NextSeq(), "limited", options,
      [&] {
        ++calls;
        return Attempt{false, "instruction limit", true};
      },
      [](std::int64_t, const std::string&) { FAIL("retried after the run ended"); });
  CHECK(calls == 1);
  CHECK_FALSE(r.ok);
  CHECK(progress.failure() == "step \"limited\" failed: instruction limit");
}

TEST_CASE("step rules: an attempt's deadline is its start plus the timeout", "[runbook]") {
  StepOptions options;
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::seconds(100);
  CHECK_FALSE(options.AttemptDeadline(now).has_value());
  options.timeout = Duration(1500);
  CHECK(options.AttemptDeadline(now) == now + Duration(1500));
  CHECK(options.TimedOut() == "timed out after 1s500ms");
}

TEST_CASE("step rules: after a failure only always steps run, and the first failure stays the run's", "[runbook]") {
  StepProgress progress;
  RunFailing(progress, "first");
  StepOptions plain;
  StepOptions always;
  always.always = true;
  CHECK(progress.Skips(plain));
  CHECK_FALSE(progress.Skips(always));
  RunFailing(progress, "cleanup", always);
  CHECK(progress.failure() == "step \"first\" failed: broke");
}

TEST_CASE("step rules: a step fails when one inside it failed, unless it is always", "[runbook]") {
  StepProgress progress;
  StepResult outer = progress.Run(progress.NextSeq(), "outer", {},
                                  [&] {
                                    RunFailing(progress, "inner");
                                    return Attempt{true, "", false};
                                  },
                                  [](std::int64_t, const std::string&) {});
  CHECK_FALSE(outer.ok);
  CHECK(outer.error == "a step inside it failed");
  CHECK(progress.failure() == "step \"inner\" failed: broke");

  StepProgress second;
  StepOptions always;
  always.always = true;
  StepResult kept = second.Run(second.NextSeq(), "outer", always,
                               [&] {
                                 RunFailing(second, "inner");
                                 return Attempt{true, "", false};
                               },
                               [](std::int64_t, const std::string&) {});
  CHECK(kept.ok);
}

TEST_CASE("step rules: steps nested in an always step run after a failure", "[runbook]") {
  StepProgress progress;
  RunFailing(progress, "first");
  StepOptions always;
  always.always = true;
  bool inner_in_always = false;
  progress.Run(progress.NextSeq(), "cleanup", always,
               [&] {
                 inner_in_always = progress.InAlwaysStep();
                 return Attempt{true, "", false};
               },
               [](std::int64_t, const std::string&) {});
  CHECK(inner_in_always);
  CHECK_FALSE(progress.InAlwaysStep());  // closed again
}

TEST_CASE("step rules: pending calls belong to the innermost step and reach the ones around it", "[runbook]") {
  StepProgress progress;
  progress.NotePending("outside any step");
  StepResult inner;
  StepResult outer = progress.Run(progress.NextSeq(), "outer", {},
                                  [&] {
                                    progress.NotePending("evt-a");
                                    CHECK(progress.Depth() == 1);
                                    inner = progress.Run(progress.NextSeq(), "inner", {},
                                                         [&] {
                                                           CHECK(progress.Current() == 2);
                                                           progress.NotePending("evt-b");
                                                           return Attempt{true, "", false};
                                                         },
                                                         [](std::int64_t, const std::string&) {});
                                    return Attempt{true, "", false};
                                  },
                                  [](std::int64_t, const std::string&) {});
  CHECK(Strings(inner.pending) == std::vector<std::string>{"evt-b"});
  CHECK(Strings(outer.pending) == std::vector<std::string>{"evt-a", "evt-b"});
  CHECK(progress.changes_pending() == 3);
  CHECK_FALSE(progress.Current().has_value());
}
