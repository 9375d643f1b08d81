#include <catch2/catch.hpp>

#include "common/color.h"
#include "common/json_parse.h"
#include "common/sparkline.h"
#include "common/text_width.h"
#include "tools/evt/site_snapshot.h"

using evt::RenderOptions;
using evt::SiteSnapshot;

namespace {

evt::Value Record(const std::string& json) {
  auto v = evt::ParseJson(json, "test");
  REQUIRE(v.ok());
  return *v;
}

SiteSnapshot Site() {
  SiteSnapshot s;
  s.at = *evt::ParseRfc3339("2026-12-06T18:34:00.000Z");
  s.tools.push_back({"budget",
                     0,
                     {Record(R"({"kind":"budget","v":1,"ts":"2026-12-06T18:34:00.000Z","name":"edge-spend","unit":"money","state":"warn","spent":4100,"limit":5000,"ratio":0.82,"forecast":4900,"forecast_ratio":0.98,"burn_rate":0.3,"runs_out_at":"2026-12-11T18:34:00.000Z"})"),
                      Record(R"({"kind":"budget.governor","v":1,"ts":"2026-12-06T18:34:00.000Z","level":1,"since":"2026-12-06T17:42:00.000Z"})")},
                     "",
                     evt::Duration{30}});
  s.tools.push_back({"failover",
                     0,
                     {Record(R"({"kind":"failover.path","v":1,"ts":"2026-12-06T18:34:00.000Z","path":"primary","preference":1,"up":false,"health":0,"degraded":false,"penalty":0,"active":false})"),
                      Record(R"({"kind":"failover.path","v":1,"ts":"2026-12-06T18:34:00.000Z","path":"slice-5g","preference":2,"up":true,"health":4,"degraded":false,"penalty":0,"active":true,"active_since":"2026-12-06T18:22:00.000Z","latency_ms_recent":[40,42,80,120,60]})")},
                     "",
                     evt::Duration{40}});
  s.tools.push_back({"outbox",
                     0,
                     {Record(R"({"kind":"outbox.status","v":1,"ts":"2026-12-06T18:34:00.000Z","queue":"orders","class":"critical","destination":"shop","pending":12,"pending_bytes":900,"oldest_pending_age_ms":184000,"delivered":3,"retried":0,"dead_lettered":1,"dropped":0,"shed":0})")},
                     "",
                     evt::Duration{20}});
  s.tools.push_back({"token",
                     0,
                     {Record(R"({"kind":"token.status","v":1,"ts":"2026-12-06T18:34:00.000Z","gate":"gate-a","reentry":"single","admitted":412,"inside":412,"double_admissions":1,"revocations":2,"quarantined":0,"gates":[{"gate":"gate-a","entries":230,"exits":0,"admitted":229,"double_admissions":0,"revocations":0,"last_at":"2026-12-06T18:33:58.120Z"},{"gate":"gate-b","entries":184,"exits":0,"admitted":183,"double_admissions":1,"revocations":0}],"latest_double_admissions":[{"jti":"DPEEDGiDOZxLRsI9pOwwdw","admitted_by":"gate-a","admitted_at":"2026-12-06T18:00:00.123Z","again_by":"gate-b","again_at":"2026-12-06T18:00:04.001Z","times":1}]})")},
                     "",
                     evt::Duration{25}});
  s.tools.push_back({"newtool", 0, {Record(R"({"kind":"newtool.status","v":1,"ts":"2026-12-06T18:34:00.000Z","widgets":7,"mood":"fine"})")}, "", evt::Duration{5}});
  s.tools.push_back({"scrape", 74, {}, "evt-scrape: cannot open scrape.db", evt::Duration{5}});
  evt::Beat watch;
  watch.daemon = "failover watch";
  watch.pid = 4242;
  watch.host = "gate-2";
  watch.started_at = s.at - std::chrono::hours(2);
  watch.beat_at = s.at - std::chrono::seconds(2);
  evt::Beat check = watch;
  check.daemon = "budget check";
  check.one_shot = true;
  check.beat_at = s.at - std::chrono::minutes(3);
  s.beats = {watch, check};
  s.hold = evt::SiteHold{"swapping the router", "ana@gate-1", s.at, s.at + std::chrono::minutes(30)};
  return s;
}

void CheckWidth(const std::string& text, int width) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    INFO(line);
    CHECK(evt::DisplayWidth(line) <= width);
    start = end + 1;
  }
}

}  // namespace

TEST_CASE("evt status render: at 80 columns, one row a thing, every line within the width", "[evt]") {
  RenderOptions options;
  options.width = 80;
  std::string text = evt::RenderSiteText(Site(), options);
  INFO(text);
  CheckWidth(text, 80);
  CHECK(text.find("HOLD until 19:04 +00:00 by ana@gate-1: swapping the router") != std::string::npos);
  CHECK(text.find("active: slice-5g for 12m00s") != std::string::npos);
  CHECK(text.find("▶ slice-5g") != std::string::npos);
  CHECK(text.find("governor: shed level 1 since 17:42 +00:00") != std::string::npos);
  // Five days away, the date says so.
  CHECK(text.find("Fri 11 Dec 18:34 +00:00") != std::string::npos);
  CHECK(text.find("backlog 12") != std::string::npos);
  CHECK(text.find("failover watch  alive     2.0s ago") != std::string::npos);
  CHECK(text.find("budget check    last run  3m00s ago") != std::string::npos);
  CHECK(text.find("Gates  admitted 412, inside 412, 1 double") != std::string::npos);
  CHECK(text.find("gate-b") != std::string::npos);
  CHECK(text.find("DPEEDGiDOZxLRsI9pOwwdw") != std::string::npos);
  CHECK(text.find("gate-a 18:00 +00:00") != std::string::npos);
  CHECK(text.find("newtool.status") != std::string::npos);
  CHECK(text.find("widgets=7 mood=fine") != std::string::npos);
  CHECK(text.find("evt-scrape") != std::string::npos);
  CHECK(text.find("cannot open scrape.db") != std::string::npos);
  // The recent latencies as a sparkline.
  const std::vector<double> recent = {40, 42, 80, 120, 60};
  CHECK(text.find(evt::Sparkline(recent)) != std::string::npos);
}

TEST_CASE("evt status render: at 40 columns, cards, every line within the width", "[evt]") {
  RenderOptions options;
  options.width = 40;
  std::string text = evt::RenderSiteText(Site(), options);
  INFO(text);
  CheckWidth(text, 40);
  CHECK(text.find("\n  ▶ slice-5g\n") != std::string::npos);
  CHECK(text.find("\n  primary\n") != std::string::npos);
  CHECK(text.find("state down") != std::string::npos);
  CHECK(text.find("\n  edge-spend\n") != std::string::npos);
  CHECK(text.find("\n  newtool\n") != std::string::npos);
  // What must be read whole wraps rather than being cut.
  CHECK(text.find("HOLD until 19:04 +00:00 by ana@gate-1:\n  swapping the router\n") != std::string::npos);
  CHECK(text.find("Budgets\n  governor: shed level 1 since 17:42\n    +00:00\n") != std::string::npos);
  CHECK(text.find("    error evt-scrape: cannot open\n      scrape.db\n") != std::string::npos);
}

TEST_CASE("evt status render: the site's zone with its offset, UTC with --utc", "[evt]") {
  auto berlin = evt::CachedTimeZone("Europe/Berlin");
  REQUIRE(berlin.ok());
  RenderOptions options;
  options.width = 80;
  options.zone = *berlin;
  std::string text = evt::RenderSiteText(Site(), options);
  CHECK(text.find("evt status  19:34 +01:00") != std::string::npos);
  CHECK(text.find("Fri 11 Dec 19:34 +01:00") != std::string::npos);
  options.utc = true;
  text = evt::RenderSiteText(Site(), options);
  CHECK(text.find("evt status  18:34 +00:00") != std::string::npos);
}

TEST_CASE("evt status render: colour adds styles but no columns", "[evt]") {
  RenderOptions options;
  options.width = 80;
  options.color = true;
  std::string text = evt::RenderSiteText(Site(), options);
  CHECK(text.find("\x1b[") != std::string::npos);
  options.color = false;
  CHECK(evt::StripStyles(text) == evt::RenderSiteText(Site(), options));
}

TEST_CASE("evt status render: a column nothing fills is left out", "[evt]") {
  SiteSnapshot site = Site();
  RenderOptions options;
  options.width = 80;
  CHECK(evt::RenderSiteText(site, options).find("recent") != std::string::npos);
  for (evt::ToolStatus& tool : site.tools) {
    for (evt::Value& record : tool.records) {
      if (record.find("latency_ms_recent")) record.set("latency_ms_recent", evt::Value::array());
    }
  }
  CHECK(evt::RenderSiteText(site, options).find("recent") == std::string::npos);
}
