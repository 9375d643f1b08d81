#include <catch2/catch.hpp>

#include "engine/probe/check.h"
#include "engine/probe/error_text.h"
#include "engine/probe/headers.h"
#include "engine/probe/phases.h"
#include "engine/probe/server_timing.h"

namespace evt::probe {
namespace {

TEST_CASE("probe phases: blackbox_exporter's split of libcurl's cumulative times") {
  CurlTimes t{1000, 3000, 8000, 8100, 20100, 21000, 0};
  Phases p = PhasesFrom(t);
  CHECK(p.dns_ms == 1.0);
  CHECK(p.connect_ms == 2.0);
  CHECK(p.tls_ms == 5.0);
  CHECK(p.processing_ms == Approx(12.1));
  CHECK(p.transfer_ms == Approx(0.9));
  CHECK(p.ttfb_ms == Approx(20.1));
  CHECK(p.total_ms == 21.0);
  CHECK(p.dns_ms + p.connect_ms + p.tls_ms + p.processing_ms + p.transfer_ms == Approx(p.total_ms));
}

TEST_CASE("probe phases: no TLS, and a transfer that stopped in connect") {
  Phases plain = PhasesFrom({500, 900, 0, 950, 2000, 2100, 0});
  CHECK(plain.tls_ms == 0);
  CHECK(plain.connect_ms == Approx(0.4));
  CHECK(plain.processing_ms == Approx(1.1));  // from the connect: the request was sent at 950
  Phases stuck = PhasesFrom({500, 0, 0, 0, 0, 2000000, 0});
  CHECK(stuck.dns_ms == 0.5);
  CHECK(stuck.connect_ms == 0);
  CHECK(stuck.processing_ms == 0);
  CHECK(stuck.total_ms == 2000);
  CHECK(StuckPhase({500, 0, 0, 0, 0, 0, 0}, false, false) == "connect");
  CHECK(StuckPhase({500, 900, 0, 0, 0, 0, 0}, true, false) == "TLS handshake");
  CHECK(StuckPhase({500, 900, 0, 950, 0, 0, 0}, false, false) == "waiting for the response");
  CHECK(StuckPhase({0, 0, 0, 0, 0, 0, 0}, false, false) == "DNS resolution");
}

TEST_CASE("probe server timing: names, dur and desc") {
  Headers h = {{"server-timing", "db;dur=53, app;dur=47.2;desc=\"Render, page\""}, {"server-timing", "miss, ;dur=1"},
               {"server-timing", "cpu;dur=abc;desc=x;dur=9"}};
  std::vector<ServerTimingMetric> m = ParseServerTiming(h);
  REQUIRE(m.size() == 4);
  CHECK(m[0].name == "db");
  CHECK(*m[0].dur_ms == 53);
  CHECK(m[1].name == "app");
  CHECK(*m[1].dur_ms == 47.2);
  CHECK(*m[1].desc == "Render, page");
  CHECK(m[2].name == "miss");
  CHECK_FALSE(m[2].dur_ms.has_value());
  CHECK(m[3].name == "cpu");
  CHECK_FALSE(m[3].dur_ms.has_value());  // the first dur counts, and it is not a number
}

TEST_CASE("probe headers: the last response's headers only") {
  Headers h;
  AddHeaderLine("HTTP/1.1 301 Moved\r\n", h);
  AddHeaderLine("Location: /b\r\n", h);
  AddHeaderLine("\r\n", h);
  AddHeaderLine("HTTP/1.1 200 OK\r\n", h);
  AddHeaderLine("X-Cache:  HIT \r\n", h);
  AddHeaderLine("\r\r: no name\r\n", h);  // found by fuzz_probe_headers
  REQUIRE(h.size() == 1);
  CHECK(h[0].first == "x-cache");
  CHECK(h[0].second == "HIT");
}

TEST_CASE("probe check: status ranges, addresses, header expectations") {
  auto ranges = ParseStatusRanges("2xx,301,400-404");
  REQUIRE(ranges.ok());
  REQUIRE(ranges->size() == 3);
  CHECK((*ranges)[0].low == 200);
  CHECK((*ranges)[0].high == 299);
  CHECK((*ranges)[1].low == 301);
  CHECK((*ranges)[2].high == 404);
  CHECK_FALSE(ParseStatusRanges("2x").ok());
  CHECK_FALSE(ParseStatusRanges("404-400").ok());
  CHECK(ParseStatusRanges("abc").status().code() == ExitCode::kUsage);

  auto v4 = ParseTcpAddress("kiosk-2.local:443");
  REQUIRE(v4.ok());
  CHECK(v4->host == "kiosk-2.local");
  CHECK(v4->port == 443);
  auto v6 = ParseTcpAddress("[::1]:80");
  REQUIRE(v6.ok());
  CHECK(v6->host == "::1");
  Check c;
  c.type = CheckType::kTcp;
  c.tcp = *v6;
  CHECK(c.Subject() == "[::1]:80");
  CHECK_FALSE(ParseTcpAddress("::1:80").ok());
  CHECK_FALSE(ParseTcpAddress("host:0").ok());
  CHECK_FALSE(ParseTcpAddress("host").ok());

  auto header = ParseHeaderExpectation("Content-Type:^application/json");
  REQUIRE(header.ok());
  CHECK(header->first == "content-type");
  CHECK(header->second.Search("application/json; charset=utf-8"));
  CHECK_FALSE(header->second.Search("text/html"));
  CHECK_FALSE(ParseHeaderExpectation("X:(").ok());
}

TEST_CASE("probe errors: expired certificates in days") {
  TimePoint now = *ParseRfc3339("2026-12-05T10:00:00Z");
  CHECK(ExpiredCertificateText(*ParseRfc3339("2026-12-02T09:00:00Z"), now) == "TLS: certificate expired 3 days ago");
  CHECK(ExpiredCertificateText(*ParseRfc3339("2026-12-04T09:00:00Z"), now) == "TLS: certificate expired 1 day ago");
  CHECK(ExpiredCertificateText(*ParseRfc3339("2026-12-05T09:00:00Z"), now) == "TLS: certificate expired today");
  CHECK(ErrnoText(ECONNREFUSED) == "connection refused");
}

}  // namespace
}  // namespace evt::probe

namespace evt::probe {
namespace {

TEST_CASE("probe errors: a TLS handshake that timed out with the connect time unset") {
  CHECK(StuckPhase({500, 0, 0, 0, 0, 0, 0}, true, true) == "TLS handshake");
  CHECK(StuckPhase({0, 0, 0, 0, 0, 0, 0}, true, true) == "TLS handshake");
}

}  // namespace
}  // namespace evt::probe

#include "tools/probe/prometheus_sink.h"

namespace evt::probe {
namespace {

TEST_CASE("probe metrics: label values escaped, one family per TYPE line") {
  PrometheusSink sink(MetricsFormat::kOpenMetrics, "");
  ProbeResult r;
  r.target = "up\"link";
  r.type = CheckType::kTcp;
  r.subject = "h:1";
  r.ok = true;
  r.total_ms = 12.5;
  REQUIRE(sink.OnProbe(r).ok());
  std::string text = sink.Render();
  CHECK(text.find("evt_probe_success{target=\"up\\\"link\",check=\"tcp\",subject=\"h:1\"} 1\n") != std::string::npos);
  CHECK(text.find("evt_probe_duration_seconds{target=\"up\\\"link\",check=\"tcp\",subject=\"h:1\"} 0.0125\n") !=
        std::string::npos);
  CHECK(text.ends_with("# EOF\n"));
}

}  // namespace
}  // namespace evt::probe
