#include <catch2/catch.hpp>

#include <string>

#include "common/json_parse.h"
#include "tools/evt/serve_page.h"

namespace evt::front {
namespace {

Value Record(const std::string& json) {
  Result<Value> v = ParseJson(json, "test");
  REQUIRE(v.ok());
  return *v;
}

SiteSnapshot Site() {
  SiteSnapshot s;
  s.at = *ParseRfc3339("2026-12-06T18:34:00.000Z");
  s.tools.push_back({"budget", 0,
                     {Record(R"({"kind":"budget","v":1,"ts":"2026-12-06T18:34:00.000Z","name":"edge-spend","unit":"money","state":"warn","spent":4100,"limit":5000,"ratio":0.82,"runs_out_at":"2026-12-11T18:34:00.000Z"})")},
                     "", Duration{30}});
  s.tools.push_back({"failover", 0,
                     {Record(R"({"kind":"failover.path","v":1,"ts":"2026-12-06T18:34:00.000Z","path":"slice-5g","preference":2,"up":true,"health":4,"degraded":false,"penalty":0,"active":true,"active_since":"2026-12-06T18:22:00.000Z"})")},
                     "", Duration{40}});
  s.tools.push_back({"token", 0,
                     {Record(R"({"kind":"token.status","v":1,"ts":"2026-12-06T18:34:00.000Z","gate":"gate-1","admitted":310,"double_admissions":2,"latest_double_admissions":[{"jti":"DPEEDGiDOZxLRsI9pOwwdw","admitted_by":"gate-1","admitted_at":"2026-12-06T18:00:00.000Z","again_by":"gate-2","again_at":"2026-12-06T18:20:00.000Z","times":1}]})")},
                     "", Duration{10}});
  s.tools.push_back({"newtool", 0,
                     {Record(R"({"kind":"newtool.status","v":1,"ts":"2026-12-06T18:34:00.000Z","note":"<script>alert(1)</script>"})")},
                     "", Duration{5}});
  s.hold = SiteHold{"swapping the router & cables", "ana@gate-1", s.at, s.at + std::chrono::minutes(30)};
  return s;
}

TEST_CASE("serve page: what evt status shows, as HTML that reloads itself") {
  PageOptions options;
  options.refresh = Duration(3000);
  options.site_name = "popup-berlin-01";
  const std::string html = RenderSitePage(Site(), options);
  INFO(html);
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Catch::Contains("<meta http-equiv=refresh content=\"3\">"));
  CHECK_THAT(html, Catch::Contains("<meta name=viewport content=\"width=device-width,initial-scale=1\">"));
  CHECK_THAT(html, Catch::Contains("<title>popup-berlin-01: evt status</title>"));
  CHECK_THAT(html, Catch::Contains("active: slice-5g for 12m00s"));
  CHECK_THAT(html, Catch::Contains("edge-spend"));
  CHECK_THAT(html, Catch::Contains("2 double"));
  CHECK_THAT(html, Catch::Contains("<span class=bad>DPEEDGiDOZxLRsI9pOwwdw</span>"));
  CHECK_THAT(html, Catch::Contains("<b>HOLD</b> until 19:04 +00:00 by ana@gate-1: swapping the router &amp; cables"));
  CHECK_THAT(html, !Catch::Contains("<script"));
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(html, !Catch::Contains("not refreshed"));
}

TEST_CASE("serve page: a snapshot that could not be refreshed says so") {
  PageOptions options;
  options.gather_error = "site.db: database is locked";
  CHECK_THAT(RenderSitePage(Site(), options), Catch::Contains("<p class=stale>not refreshed: site.db: database is locked</p>"));
}

TEST_CASE("serve page: escaping leaves no markup and no control characters") {
  CHECK(EscapeHtml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(EscapeHtml("tab\there").find('\t') == std::string::npos);
}

}  // namespace
}  // namespace evt::front
