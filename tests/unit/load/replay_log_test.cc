#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "tools/load/log_arrivals.h"
#include "tools/load/replay_log.h"

namespace evt::load {
namespace {

std::string CombinedLine(const std::string& time, const std::string& request, const std::string& request_time = "") {
  return "192.0.2.1 - - [06/Dec/2026:" + time + " +0000] \"" + request + "\" 200 1 \"-\" \"ua\"" +
         (request_time.empty() ? "" : " " + request_time) + "\n";
}

Result<ReplayLog> Read(const std::string& text, OnError on_error = OnError::kFail,
                       LogFormat format = LogFormat::kAuto) {
  std::istringstream in(text);
  ReplayLogOptions options;
  options.format = format;
  options.on_error = on_error;
  return ReadReplayLog(in, "day.log", options);
}

std::vector<double> Offsets(const ReplayLog& log) {
  std::vector<double> out;
  for (const ReplayRequest& r : log.requests) out.push_back(r.at_s);
  return out;
}

std::vector<std::string> Targets(const ReplayLog& log) {
  std::vector<std::string> out;
  for (const ReplayRequest& r : log.requests) out.push_back(r.target);
  return out;
}

TEST_CASE("arrivals: the requests of one logged second are spread evenly over it") {
  Result<ReplayLog> log = Read(CombinedLine("10:00:00", "GET /a HTTP/1.1") + CombinedLine("10:00:00", "GET /b HTTP/1.1") +
                               CombinedLine("10:00:00", "GET /c HTTP/1.1") + CombinedLine("10:00:01", "GET /d HTTP/1.1"));
  REQUIRE(log.ok());
  CHECK(log->format == LogFormat::kCombined);
  // Three in second 0: at 0, 1/3 and 2/3 of it (whole microseconds).
  CHECK(Offsets(*log) == std::vector<double>{0, 0.333333, 0.666666, 1});
  CHECK(Targets(*log) == std::vector<std::string>{"/a", "/b", "/c", "/d"});
}

TEST_CASE("arrivals: request time is subtracted, and a slow request logged late sorts to its start") {
  // /slow ended in second 2 after 1.9 s: it started before /quick, which
  // ended (and was logged) in second 1.
  Result<ReplayLog> log = Read(CombinedLine("10:00:01", "GET /quick HTTP/1.1", "0.100") +
                               CombinedLine("10:00:02", "GET /slow HTTP/1.1", "1.900") +
                               CombinedLine("10:00:02", "GET /next HTTP/1.1", "0.000"));
  REQUIRE(log.ok());
  CHECK(Targets(*log) == std::vector<std::string>{"/slow", "/quick", "/next"});
  // /slow: 2.0 - 1.9 = 0.1; /quick: 1.0 - 0.1 = 0.9; /next: 2.5 - 0 = 2.5.
  CHECK(Offsets(*log) == std::vector<double>{0, 0.8, 2.4});
  CHECK(log->requests[0].line == 2);
}

TEST_CASE("arrivals: millisecond logs keep their own times, equal arrivals keep file order") {
  std::vector<LoggedRequest> logged(3);
  logged[0].request.target = "/late";
  logged[0].logged_us = 2'500'000;
  logged[1].request.target = "/first";
  logged[1].logged_us = 1'000'000;
  logged[2].request.target = "/tie";
  logged[2].logged_us = 2'500'000;
  std::vector<ReplayRequest> arrivals = LoggedArrivals(logged);
  REQUIRE(arrivals.size() == 3);
  CHECK(arrivals[0].target == "/first");
  CHECK(arrivals[1].target == "/late");
  CHECK(arrivals[2].target == "/tie");
  CHECK(arrivals[2].at_s == 1.5);
  CHECK(LoggedArrivals({}).empty());
}

TEST_CASE("replay log: formats are detected from the first non-blank line") {
  const std::string haproxy =
      "\n\r\nDec  6 10:00:00 lb haproxy[1]: 10.0.0.1:1 [06/Dec/2026:10:00:00.250] fe be/s 1/0/0/1/2 200 1 - - ---- "
      "1/1/1/1/0 0/0 \"GET /h HTTP/1.1\"\r\n";
  Result<ReplayLog> h = Read(haproxy);
  REQUIRE(h.ok());
  CHECK(h->format == LogFormat::kHaproxy);
  CHECK(h->lines == 1);

  Result<ReplayLog> j = Read(R"({"msec":"1796551200.100","request_method":"GET","request_uri":"/j"})"
                             "\n"
                             R"({"msec":"1796551200.350","request_method":"GET","request_uri":"/k"})");
  REQUIRE(j.ok());
  CHECK(j->format == LogFormat::kJson);
  CHECK(Offsets(*j) == std::vector<double>{0, 0.25});

  Result<ReplayLog> r = Read(
      R"({"kind":"load.request","v":1,"method":"GET","url":"/r","intended":"2026-12-06T10:00:00.000100Z"})"
      "\n"
      R"({"kind":"load.request","v":1,"method":"GET","url":"/s","intended":"2026-12-06T10:00:00.000350Z"})"
      "\n");
  REQUIRE(r.ok());
  CHECK(r->format == LogFormat::kRecords);
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[1].at_s == Approx(0.00025).margin(1e-12));

  Result<ReplayLog> unknown = Read("GET / HTTP/1.1\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == ExitCode::kDataErr);
  CHECK(unknown.status().message().find("day.log:1: cannot tell the log's format") == 0);
  CHECK(Read("")->requests.empty());
}

TEST_CASE("replay log: a bad line fails the read, or is skipped and counted") {
  const std::string text = CombinedLine("10:00:00", "GET /a HTTP/1.1") + CombinedLine("10:00:00", "\\x16\\x03\\x01") +
                           CombinedLine("10:00:01", "GET /b HTTP/1.1") + "garbage\n";
  Result<ReplayLog> failed = Read(text);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == ExitCode::kDataErr);
  CHECK(failed.status().message().find("day.log:2: request ") == 0);

  Result<ReplayLog> skipped = Read(text, OnError::kSkip);
  REQUIRE(skipped.ok());
  CHECK(skipped->lines == 4);
  CHECK(skipped->malformed == 2);
  CHECK(skipped->first_error.find("day.log:2: ") == 0);
  CHECK(Targets(*skipped) == std::vector<std::string>{"/a", "/b"});
  CHECK(Offsets(*skipped) == std::vector<double>{0, 1});
}

TEST_CASE("replay log: a forced format, long lines, files that are not there") {
  Result<ReplayLog> forced = Read(CombinedLine("10:00:00", "GET /a HTTP/1.1"), OnError::kFail, LogFormat::kHaproxy);
  REQUIRE_FALSE(forced.ok());
  CHECK(forced.status().message().find("day.log:1: expected \"CLIENT:PORT") == 0);

  std::istringstream in(CombinedLine("10:00:00", "GET /" + std::string(100, 'a') + " HTTP/1.1"));
  ReplayLogOptions options;
  options.max_line_bytes = 100;
  Result<ReplayLog> long_line = ReadReplayLog(in, "day.log", options);
  REQUIRE_FALSE(long_line.ok());
  CHECK(long_line.status().message() == "day.log:1: line longer than 100 bytes");

  Result<ReplayLog> missing = ReadReplayLogFile("/nonexistent/day.log", {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == ExitCode::kNoInput);
  CHECK(ReadReplayLogFile("/", {}).status().code() == ExitCode::kNoInput);
}

TEST_CASE("replay log: format names") {
  CHECK(*ParseLogFormat("combined") == LogFormat::kCombined);
  CHECK(*ParseLogFormat("records") == LogFormat::kRecords);
  CHECK(std::string(LogFormatName(LogFormat::kHaproxy)) == "haproxy");
  Result<LogFormat> bad = ParseLogFormat("apache");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ExitCode::kUsage);
  CHECK(bad.status().message() == R"(--log-format "apache": expected auto, combined, haproxy, json or records)");
}

}  // namespace
}  // namespace evt::load
