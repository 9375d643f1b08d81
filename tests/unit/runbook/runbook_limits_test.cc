// The run's limits inside C functions (the bounded string functions) and
// from outside the VM (the watchdog), and the outcome each leaves in the
// audit log.
#include <atomic>
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include "common/process_state.h"
#include "runbook_test_util.h"
#include "tools/runbook/watchdog.h"

using evt::ExitCode;
using evt::runbook::HardStop;
using evt::runbook::Settings;
using evt::runbook::Watchdog;
using namespace evt::runbook::testing;
using namespace std::chrono_literals;

namespace {

RunResult RunBody(const std::string& body, Settings settings) {
  TestRun test;
  test.source = Body(body);
  test.settings = settings;
  return RunText(test);
}

Settings Deadline(std::chrono::milliseconds timeout) {
  Settings settings;
  settings.memory_limit_mb = 16;
  settings.max_instructions = 1'000'000'000'000;
  settings.timeout = timeout;
  return settings;
}

}  // namespace

TEST_CASE("runbook limits: the deadline ends a backtracking pattern, as outcome timeout", "[runbook]") {
  for (const char* call : {"string.find(string.rep('a', 500), '.-.-.-b')",
                           "pcall(string.match, string.rep('a', 500), '.-.-.-b')",
                           "for _ in ('a'):rep(500):gmatch('.-.-.-b') do end",
                           "string.gsub(string.rep('a', 500), '.-.-.-b', '')",
                           "table.concat(setmetatable({}, {__index = getmetatable, __metatable = ''}), '', 1, 1e15)"}) {
    INFO(call);
    auto start = std::chrono::steady_clock::now();
    RunResult r = RunBody(call, Deadline(200ms));
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(r.status.code() == ExitCode::kCheckFailed);
    CHECK_THAT(r.status.message(), Catch::Contains("time limit"));
    REQUIRE(r.history.size() == 1);
    REQUIRE(r.history[0].end);
    CHECK(r.history[0].end->outcome == "timeout");
  }
}

TEST_CASE("runbook limits: the instruction budget counts pattern steps", "[runbook]") {
  Settings settings = Deadline(60s);
  settings.max_instructions = 5'000'000;
  RunResult r = RunBody("string.find(string.rep('a', 500), '.-.-.-b')", settings);
  CHECK_THAT(r.status.message(), Catch::Contains("instruction limit"));
  REQUIRE(r.history.size() == 1);
  CHECK(r.history[0].end->outcome == "failed");
}

TEST_CASE("runbook limits: a step's timeout inside a pattern ends only the step", "[runbook]") {
  RunResult r = RunBody(
      "evt.step('slow', function() string.find(string.rep('a', 500), '.-.-.-b') end, {timeout = '200ms'})\n"
      "evt.step('cleanup', function() end, {always = true})",
      Deadline(60s));
  REQUIRE(r.history.size() == 1);
  REQUIRE(r.history[0].steps.size() == 2);
  CHECK(r.history[0].steps[0].outcome == "failed");
  CHECK(r.history[0].steps[1].outcome == "ok");
}

TEST_CASE("runbook watchdog: past the deadline and the grace it stops the run as timeout", "[runbook]") {
  evt::ResetProcessStateForTesting();
  std::optional<HardStop> stopped;
  auto start = std::chrono::steady_clock::now();
  {
    Watchdog watchdog(start + 100ms, 200ms, [&](const HardStop& stop) { stopped = stop; });
    std::this_thread::sleep_for(600ms);  // the stuck runbook
  }
  REQUIRE(stopped);
  CHECK(stopped->outcome == "timeout");
  CHECK(stopped->exit_code == 1);
  CHECK_THAT(stopped->message, Catch::Contains("time limit") && Catch::Contains("200 ms"));
}

TEST_CASE("runbook watchdog: a run that stops within the grace is left alone", "[runbook]") {
  evt::ResetProcessStateForTesting();
  bool stopped = false;
  Watchdog watchdog(std::chrono::steady_clock::now() + 50ms, 2s, [&](const HardStop&) { stopped = true; });
  std::this_thread::sleep_for(150ms);
  watchdog.Disarm();
  CHECK(!stopped);
}

TEST_CASE("runbook watchdog: SIGTERM starts the grace at once, exit 143", "[runbook]") {
  evt::ResetProcessStateForTesting();
  std::optional<HardStop> stopped;
  auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration when{};
  std::atomic<bool> fired{false};
  {
    Watchdog watchdog(start + 1h, 200ms, [&](const HardStop& stop) {
      stopped = stop;
      when = std::chrono::steady_clock::now() - start;
      fired = true;
    });
    // The watchdog's thread is already waiting when SIGTERM comes: it must
    // be woken, not find out when its poll times out a minute later.
    std::this_thread::sleep_for(100ms);
    evt::RequestStop(SIGTERM);
    // Polled to a deadline, not slept for a fixed time: on a loaded machine
    // the watchdog's thread may be scheduled late.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!fired && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  }
  evt::ResetProcessStateForTesting();
  REQUIRE(stopped);
  CHECK(stopped->outcome == "interrupted");
  CHECK(stopped->exit_code == 143);
  CHECK(when >= 200ms);
  CHECK(when < 30s);  // the grace started at SIGTERM, not at the hour's deadline
}
