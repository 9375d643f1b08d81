#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/load/access_log.h"
#include "tools/load/request_line.h"

namespace evt::load {
namespace {

using namespace std::chrono;

// 2026-12-06 at h:m:s UTC, in µs since the epoch.
std::int64_t Dec6(int h, int m, int s) {
  return duration_cast<microseconds>((sys_days{year{2026} / 12 / 6} + hours{h} + minutes{m} + seconds{s})
                                         .time_since_epoch())
      .count();
}

LoggedRequest Combined(const std::string& line) {
  Result<LoggedRequest> r = ParseCombinedLine(line, "access.log", 7);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string CombinedError(const std::string& line) {
  Result<LoggedRequest> r = ParseCombinedLine(line, "access.log", 7);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kDataErr);
  return r.status().message();
}

LoggedRequest Haproxy(const std::string& line) {
  Result<LoggedRequest> r = ParseHaproxyLine(line, "haproxy.log", 3);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string HaproxyError(const std::string& line) {
  Result<LoggedRequest> r = ParseHaproxyLine(line, "haproxy.log", 3);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kDataErr);
  return r.status().message();
}

TEST_CASE("combined: a line with $request_time is a request that completed at its time") {
  LoggedRequest r = Combined(
      R"(203.0.113.7 - - [06/Dec/2026:11:00:00 +0100] "GET /shop/cart?id=3 HTTP/1.1" 200 512 )"
      R"("https://shop.example/" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" 0.123)");
  CHECK(r.request.method == "GET");
  CHECK(r.request.target == "/shop/cart?id=3");
  CHECK(r.request.status == 200L);
  CHECK(r.request.line == 7);
  CHECK(r.logged_us == Dec6(10, 0, 0));
  CHECK(r.whole_second);
  CHECK(r.request_time_us == 123'000);
}

TEST_CASE("combined: IPv6 clients, users, '-' fields and no $request_time") {
  LoggedRequest r = Combined(R"(2001:db8::1 - alice [06/Dec/2026:10:00:59 -0030] "HEAD / HTTP/2.0" 304 - "-" "-")");
  CHECK(r.request.method == "HEAD");
  CHECK(r.request.target == "/");
  CHECK(r.request.status == 304L);
  CHECK(r.logged_us == Dec6(10, 30, 59));
  CHECK(r.request_time_us == 0);
}

TEST_CASE("combined: escaped quotes in the user agent, nginx's and Apache's") {
  LoggedRequest nginx = Combined(
      R"(198.51.100.2 - - [06/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 10 "-" "agent \x22quoted\x22 \x5C" 1.500)");
  CHECK(nginx.request_time_us == 1'500'000);
  LoggedRequest apache =
      Combined(R"(198.51.100.2 - - [06/Dec/2026:10:00:00 +0000] "GET /b HTTP/1.1" 200 10 "-" "say \"hi\" \\" 0.002)");
  CHECK(apache.request.target == "/b");
  CHECK(apache.request_time_us == 2'000);
}

TEST_CASE("combined: the common format, and fields after the user agent") {
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /c HTTP/1.0" 404 0)").request.status == 404L);
  LoggedRequest forwarded = Combined(
      R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /d HTTP/1.1" 200 1 "-" "ua" "10.0.0.1, 10.0.0.2" 0.200)");
  CHECK(forwarded.request_time_us == 200'000);
  // A trailing field that is no number of seconds is no request time.
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /e HTTP/1.1" 200 1 "-" "ua" upstream=3)")
            .request_time_us == 0);
}

TEST_CASE("combined: the target's escapes are undone and sent percent-encoded") {
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /caf\xC3\xA9?q=a\x22b HTTP/1.1" 200 1)")
            .request.target == "/caf%C3%A9?q=a%22b");
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /a b HTTP/1.1" 400 1)").request.target ==
        "/a%20b");
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET http://shop.example/x HTTP/1.1" 200 1)")
            .request.target == "http://shop.example/x");
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "OPTIONS * HTTP/1.1" 200 1)").request.target == "*");
  CHECK(Combined(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET /09" 200 1)").request.target == "/09");
}

TEST_CASE("combined: TLS sent to a plain port, and other lines that are no request, are errors naming the line") {
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03" )"
                      R"(400 157 "-" "-" 0.001)") ==
        R"(access.log:7: request "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03": expected METHOD TARGET [HTTP/x.y])");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "-" 400 0 "-" "-")") ==
        R"(access.log:7: request "-": expected METHOD TARGET [HTTP/x.y])");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "get /x HTTP/1.1" 200 0)").find("expected METHOD") !=
        std::string::npos);
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET x HTTP/1.1" 200 0)").find("expected METHOD") !=
        std::string::npos);
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET * HTTP/1.1" 200 0)").find("expected METHOD") !=
        std::string::npos);
}

TEST_CASE("combined: a bad time, status or shape says which") {
  CHECK(CombinedError(R"(192.0.2.1 - - [31/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 0)") ==
        R"(access.log:7: time "[31/Nov/2026:10:00:00 +0000]": expected [dd/Mon/yyyy:hh:mm:ss +zzzz])");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:24:00:00 +0000] "GET / HTTP/1.1" 200 0)").find("time") !=
        std::string::npos);
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 2000 0)") ==
        R"(access.log:7: status "2000": expected 100 to 599)");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12k)") ==
        R"(access.log:7: body bytes "12k": expected a number or "-")");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1)") ==
        "access.log:7: expected a quoted request after the time");
  CHECK(CombinedError(R"(192.0.2.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "unterminated)") ==
        "access.log:7: unterminated quoted field");
  CHECK(CombinedError("") ==
        R"(access.log:7: expected "ADDRESS - USER [TIME]" at the start of a combined-format line)");
  CHECK(CombinedError("[06/Dec/2026:10:00:00 +0000]").find("ADDRESS") != std::string::npos);
}

TEST_CASE("haproxy: the accept date is the start, with milliseconds, syslog prefix or not") {
  LoggedRequest r = Haproxy(
      R"(Dec  6 10:00:00 localhost haproxy[14389]: 10.0.1.2:33317 [06/Dec/2026:10:00:00.655] http-in )"
      R"(static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1")");
  CHECK(r.request.method == "GET");
  CHECK(r.request.target == "/index.html");
  CHECK(r.request.status == 200L);
  CHECK(r.request.line == 3);
  CHECK(r.logged_us == Dec6(10, 0, 0) + 655'000);
  CHECK_FALSE(r.whole_second);
  CHECK(r.request_time_us == 0);

  LoggedRequest bare = Haproxy(
      R"(::1:40112 [06/Dec/2026:23:59:59.001] fe~ be/<NOSRV> -1/-1/-1/-1/+5 -1 0 - - CD-- 3/3/0/0/0 0/0 "POST /pay?x=#22a#22 HTTP/1.1")");
  CHECK(bare.request.method == "POST");
  CHECK(bare.request.target == "/pay?x=%22a%22");
  CHECK_FALSE(bare.request.status.has_value());
  CHECK(bare.logged_us == Dec6(23, 59, 59) + 1'000);
}

TEST_CASE("haproxy: a line cut before its closing quote keeps what it has") {
  CHECK(Haproxy(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe be/s 1/0/0/1/2 200 1 - - ---- 1/1/1/1/0 0/0 "GET /long)")
            .request.target == "/long");
}

TEST_CASE("haproxy: bad requests and shapes are errors naming the line") {
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe be/s -1/-1/-1/-1/0 400 0 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>")") ==
        R"(haproxy.log:3: request "<BADREQ>": expected METHOD TARGET [HTTP/x.y])");
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe be/s 1/0/0 200 0 "GET / HTTP/1.1")") ==
        R"(haproxy.log:3: timers "1/0/0": expected Tq/Tw/Tc/Tr/Ta)");
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe be/s 1/0/0/1/2 99 0 "GET / HTTP/1.1")") ==
        R"(haproxy.log:3: status "99": expected 100 to 599 or -1)");
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe be/s 1/0/0/1/2 200 0)") ==
        "haproxy.log:3: expected a quoted request at the end of the line");
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00] fe be/s 1/0/0/1/2 200 0 "GET / HTTP/1.1")").find(
            "CLIENT:PORT") != std::string::npos);
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe bes 1/0/0/1/2 200 0 "GET / HTTP/1.1")") ==
        "haproxy.log:3: expected FRONTEND BACKEND/SERVER after the accept date");
  CHECK(HaproxyError(R"(10.0.1.2:1 [06/Dec/2026:10:00:00.000] fe 1/0/0/1/2 200 0 "GET / HTTP/1.1")") ==
        R"(haproxy.log:3: timers "200": expected Tq/Tw/Tc/Tr/Ta)");
}

TEST_CASE("log shapes: told apart by their timestamps") {
  CHECK(ShapeOfLine(R"(1.2.3.4 - - [06/Dec/2026:10:00:00 +0000] "\x16\x03")") == TextLogShape::kCombined);
  CHECK(ShapeOfLine(R"(haproxy[12]: 1.2.3.4:5 [06/Dec/2026:10:00:00.123] fe)") == TextLogShape::kHaproxy);
  CHECK(ShapeOfLine(R"(  {"msec": 1})") == TextLogShape::kJson);
  CHECK(ShapeOfLine("GET / HTTP/1.1") == TextLogShape::kUnknown);
}

TEST_CASE("request lines: methods and targets as a server logs them") {
  CHECK(ParseRequestLine("M-SEARCH * HTTP/1.1", LogEscape::kBackslash).ok() == false);
  CHECK(ParseRequestLine("PURGE /x HTTP/1.1", LogEscape::kBackslash)->method == "PURGE");
  CHECK_FALSE(CheckMethod("").ok());
  CHECK_FALSE(CheckMethod(std::string(33, 'A')).ok());
  CHECK(CheckMethod("GET").ok());
  CHECK(Unescaped(R"(a\x2Fb\"c\\d#41)", LogEscape::kBackslash) == R"(a/b"c\d#41)");
  CHECK(Unescaped(R"(a#2Fb#zz\x41)", LogEscape::kHash) == R"(a/b#zz\x41)");
}

}  // namespace
}  // namespace evt::load
