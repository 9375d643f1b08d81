// A run takes its wall time and the durations it records from the clock in
// its RunEnvironment, so a pinned clock gives the same records every time.
#include <catch2/catch.hpp>

#include "common/clock.h"
#include "common/json_writer.h"
#include "runbook_test_util.h"

using evt::ManualClock;
using evt::TimePoint;
using evt::Value;
using namespace evt::runbook;
using namespace evt::runbook::testing;

namespace {

// 2026-12-06T10:00:00.123Z
const TimePoint kPinned{std::chrono::milliseconds{1'796'551'200'123}};

std::string Text(const Value& record, const char* key) { return record.find(key)->as_string(); }

RunResult RunPinned(const std::string& body, ManualClock& clock) {
  TestRun test;
  test.source = Body(body);
  test.environment.clock = &clock;
  return RunText(test);
}

}  // namespace

TEST_CASE("runbook clock: step, emit, run and audit times are the pinned clock's", "[runbook]") {
  ManualClock clock(kPinned);
  RunResult r = RunPinned(R"(
    evt.step("a", function() end)
    evt.emit({kind = "check.row"})
    assert(evt.now() == 1796551200123, "evt.now: " .. evt.now())
  )",
                          clock);
  REQUIRE(r.status.ok());
  REQUIRE(r.sink.steps.size() == 1);
  CHECK(Text(r.sink.steps[0], "ts") == "2026-12-06T10:00:00.123Z");
  CHECK(r.sink.steps[0].find("duration_ms")->as_int() == 0);
  REQUIRE(r.sink.emitted.size() == 1);
  CHECK(Text(r.sink.emitted[0], "ts") == "2026-12-06T10:00:00.123Z");
  CHECK(Text(r.sink.run, "started_at") == "2026-12-06T10:00:00.123Z");
  CHECK(Text(r.sink.run, "ts") == "2026-12-06T10:00:00.123Z");
  CHECK(r.sink.run.find("duration_ms")->as_int() == 0);
  REQUIRE(r.history.size() == 1);
  CHECK(r.history[0].start.started_at == kPinned);
}

TEST_CASE("runbook clock: time the clock moves inside a step is the step's duration", "[runbook]") {
  ManualClock clock(kPinned);
  TestRun test;
  test.source = Body(R"(evt.step("wait for a person", function() evt.confirm("go?") end))");
  test.environment.clock = &clock;
  test.environment.interactive = true;
  // The person takes 90 s to answer.
  test.environment.ask = [&clock](const std::string&) -> std::optional<std::string> {
    clock.Advance(std::chrono::seconds(90));
    return "y";
  };
  RunResult r = RunText(test);
  REQUIRE(r.status.ok());
  REQUIRE(r.sink.steps.size() == 1);
  CHECK(r.sink.steps[0].find("duration_ms")->as_int() == 90000);
  CHECK(Text(r.sink.steps[0], "ts") == "2026-12-06T10:01:30.123Z");
  CHECK(Text(r.sink.run, "started_at") == "2026-12-06T10:00:00.123Z");
  CHECK(r.sink.run.find("duration_ms")->as_int() == 90000);
}
