#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tools/load/replay_log.h"
#include "tools/load/replay_schedule.h"

namespace evt::load {
namespace {

std::vector<ReplayRequest> At(std::initializer_list<std::pair<const char*, double>> requests) {
  std::vector<ReplayRequest> out;
  std::int64_t line = 0;
  for (const auto& [method, at] : requests) out.push_back({at, method, "/", std::nullopt, ++line});
  return out;
}

std::vector<double> Offsets(const ReplaySchedule& schedule) {
  std::vector<double> out;
  for (const ReplayRequest& r : schedule.requests) out.push_back(r.at_s);
  return out;
}

TEST_CASE("speed: factors, percentages, and what is refused") {
  CHECK(*ParseSpeed("2x") == 2);
  CHECK(*ParseSpeed("0.5x") == 0.5);
  CHECK(*ParseSpeed("200%") == 2);
  CHECK(*ParseSpeed("1") == 1);
  for (const char* bad : {"0x", "-1x", "fast", "", "x", "infx", "nan", "2 x", "%"}) {
    Result<double> speed = ParseSpeed(bad);
    INFO(bad);
    REQUIRE_FALSE(speed.ok());
    CHECK(speed.status().code() == ExitCode::kUsage);
  }
  CHECK(ParseSpeed("fast").status().message() == R"(--speed "fast": expected a factor above 0 such as 2x, 0.5x or 200%)");
}

TEST_CASE("schedule: speed divides every offset") {
  ReplayScheduleOptions options;
  options.speed = 2;
  CHECK(Offsets(BuildReplaySchedule(At({{"GET", 0}, {"GET", 1}, {"GET", 3}}), options)) ==
        std::vector<double>{0, 0.5, 1.5});
  options.speed = 0.5;
  CHECK(Offsets(BuildReplaySchedule(At({{"GET", 0}, {"GET", 1}, {"GET", 3}}), options)) ==
        std::vector<double>{0, 2, 6});
}

TEST_CASE("schedule: idle gaps shrink to max-gap after scaling") {
  ReplayScheduleOptions options;
  options.max_gap_s = 5;
  ReplaySchedule schedule = BuildReplaySchedule(At({{"GET", 0}, {"GET", 1}, {"GET", 61}, {"GET", 62}}), options);
  CHECK(Offsets(schedule) == std::vector<double>{0, 1, 6, 7});
  CHECK(schedule.shrunk_gaps == 1);
  options.speed = 2;
  schedule = BuildReplaySchedule(At({{"GET", 0}, {"GET", 1}, {"GET", 61}, {"GET", 62}, {"GET", 73}}), options);
  CHECK(Offsets(schedule) == std::vector<double>{0, 0.5, 5.5, 6, 11});
  CHECK(schedule.shrunk_gaps == 2);
}

TEST_CASE("schedule: only GET, HEAD and OPTIONS unless unsafe methods are allowed") {
  ReplayScheduleOptions options;
  auto log = At({{"POST", 0}, {"GET", 1}, {"DELETE", 1.5}, {"HEAD", 2}, {"OPTIONS", 3}, {"PUT", 4}});
  ReplaySchedule safe = BuildReplaySchedule(log, options);
  CHECK(safe.skipped_unsafe == 3);
  // The schedule starts at the first request it keeps.
  CHECK(Offsets(safe) == std::vector<double>{0, 1, 2});
  CHECK(safe.requests[0].line == 2);
  options.allow_unsafe = true;
  ReplaySchedule all = BuildReplaySchedule(log, options);
  CHECK(all.skipped_unsafe == 0);
  CHECK(all.requests.size() == 6);
  CHECK(IsSafeMethod("GET"));
  CHECK_FALSE(IsSafeMethod("get"));
}

TEST_CASE("schedule: bounded in time and in requests") {
  auto log = At({{"GET", 0}, {"GET", 1}, {"GET", 2}, {"GET", 3}, {"GET", 4}});
  ReplayScheduleOptions options;
  options.duration_s = 2;
  ReplaySchedule timed = BuildReplaySchedule(log, options);
  CHECK(Offsets(timed) == std::vector<double>{0, 1});
  CHECK(timed.over_duration == 3);
  options.duration_s.reset();
  options.max_requests = 4;
  ReplaySchedule counted = BuildReplaySchedule(log, options);
  CHECK(counted.requests.size() == 4);
  CHECK(counted.over_max_requests == 1);
  CHECK(BuildReplaySchedule({}, options).requests.empty());
}

TEST_CASE("requests per second: the series from second 0 to the last request's") {
  CHECK(RequestsPerSecond(At({{"GET", 0}, {"GET", 0.5}, {"GET", 2.1}})) == std::vector<std::int64_t>{2, 0, 1});
  CHECK(RequestsPerSecond({}).empty());
}

// A combined log whose arrivals are known, written the way nginx writes
// one: lines at completion, whole seconds, a request time on each. Every
// request takes the same time, so spreading a second's completions evenly
// puts each arrival back in the second it was generated in.
struct GeneratedLog {
  std::string text;
  std::vector<std::int64_t> per_second;
};

GeneratedLog Generate(std::mt19937& rng) {
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  GeneratedLog log;
  int seconds = pick(5, 40);
  for (int s = 0; s < seconds; ++s) {
    int shape = pick(0, 9);
    // Gaps of idle seconds, bursts, and a baseline; never idle at the start
    // or the end, where the series begins and ends.
    std::int64_t count = shape < 2 ? 0 : shape < 4 ? pick(100, 400) : pick(1, 30);
    if ((s == 0 || s == seconds - 1) && count == 0) count = 1;
    log.per_second.push_back(count);
  }
  int request_ms = pick(0, 999);
  std::ostringstream time;
  time << "0." << std::string(3 - std::to_string(request_ms).size(), '0') << request_ms;
  std::vector<std::string> lines;
  for (int s = 0; s < seconds; ++s) {
    for (std::int64_t i = 0; i < log.per_second[static_cast<std::size_t>(s)]; ++i) {
      char stamp[32];
      int t = 10 * 3600 + s + 1;  // completions from 10:00:01
      std::snprintf(stamp, sizeof stamp, "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
      lines.push_back("2001:db8::" + std::to_string(i + 1) + " - - [06/Dec/2026:" + stamp + " +0000] \"GET /p/" +
                      std::to_string(s) + "/" + std::to_string(i) + " HTTP/1.1\" 200 5 \"-\" \"gen \\\"x\\\"\" " +
                      time.str() + "\n");
    }
  }
  // Workers write completion logs slightly out of order; any order of the
  // lines must give the same arrivals per second.
  std::shuffle(lines.begin(), lines.end(), rng);
  for (const std::string& line : lines) log.text += line;
  return log;
}

std::vector<std::int64_t> Halved(const std::vector<std::int64_t>& series) {
  std::vector<std::int64_t> out((series.size() + 1) / 2, 0);
  for (std::size_t i = 0; i < series.size(); ++i) out[i / 2] += series[i];
  return out;
}

TEST_CASE("replay: a generated log parses back to its arrivals per second, at 1x and 2x (random)") {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                                      : std::random_device{}();
  std::cout << "replay_schedule_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  for (int round = 0; round < 20; ++round) {
    INFO("seed " << seed << ", round " << round);
    GeneratedLog generated = Generate(rng);
    std::istringstream in(generated.text);
    Result<ReplayLog> log = ReadReplayLog(in, "generated.log", {});
    INFO(log.status().ToString());
    REQUIRE(log.ok());
    ReplayScheduleOptions options;
    CHECK(RequestsPerSecond(BuildReplaySchedule(log->requests, options).requests) == generated.per_second);
    options.speed = 2;
    CHECK(RequestsPerSecond(BuildReplaySchedule(log->requests, options).requests) == Halved(generated.per_second));
  }
}

}  // namespace
}  // namespace evt::load
