#include <catch2/catch.hpp>

#include "tools/load/replay_options.h"

namespace evt::load {
namespace {

TEST_CASE("replay options: flags resolve to typed options") {
  Options options;
  options.speed = "200%";
  options.max_gap = "1m30s";
  options.duration = "10s";
  options.max_requests = 500;
  options.allow_unsafe = true;
  options.log_format = "haproxy";
  options.common.on_error = OnError::kSkip;
  Result<ReplayScheduleOptions> schedule = ResolveReplayScheduleOptions(options);
  REQUIRE(schedule.ok());
  CHECK(schedule->speed == 2);
  CHECK(schedule->max_gap_s == 90.0);
  CHECK(schedule->duration_s == 10.0);
  CHECK(schedule->max_requests == 500);
  CHECK(schedule->allow_unsafe);
  LoadSection section;
  section.replay_fields = {{"time", "time_iso8601"}, {"status", "code"}};
  Result<ReplayLogOptions> log = ResolveReplayLogOptions(options, section);
  REQUIRE(log.ok());
  CHECK(log->format == LogFormat::kHaproxy);
  CHECK(log->on_error == OnError::kSkip);
  CHECK(log->fields.time == "time_iso8601");
  CHECK(log->fields.status == "code");
  CHECK(log->fields.method == "request_method");
  CHECK(log->fields.request_time == "request_time");

  Options defaults;
  Result<ReplayScheduleOptions> unbounded = ResolveReplayScheduleOptions(defaults);
  REQUIRE(unbounded.ok());
  CHECK(unbounded->speed == 1);
  CHECK_FALSE(unbounded->max_gap_s.has_value());
  CHECK_FALSE(unbounded->allow_unsafe);
}

TEST_CASE("replay options: a bad flag is a usage error naming it") {
  Options options;
  options.max_gap = "5 s";
  Result<ReplayScheduleOptions> gap = ResolveReplayScheduleOptions(options);
  REQUIRE_FALSE(gap.ok());
  CHECK(gap.status().code() == ExitCode::kUsage);
  CHECK(gap.status().message().find("--max-gap: \"5 s\": ") == 0);
  options.max_gap.clear();
  options.speed = "0";
  CHECK(ResolveReplayScheduleOptions(options).status().message().find("--speed \"0\"") == 0);
  options.speed = "1x";
  options.max_requests = -1;
  CHECK(ResolveReplayScheduleOptions(options).status().code() == ExitCode::kUsage);
  options.log_format = "w3c";
  CHECK(ResolveReplayLogOptions(options, LoadSection{}).status().code() == ExitCode::kUsage);
}

}  // namespace
}  // namespace evt::load
