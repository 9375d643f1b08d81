#include "tools/failover/live_view.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "common/color.h"
#include "common/json_parse.h"
#include "common/text_width.h"

namespace evt::failover {
namespace {

TimePoint At(const char* text) { return *ParseRfc3339(text); }

const TimeZone& Berlin() {
  Result<const TimeZone*> zone = CachedTimeZone("Europe/Berlin");
  REQUIRE(zone.ok());
  return **zone;
}

Value Record(std::string_view json) {
  Result<Value> v = ParseJson(json, "test");
  REQUIRE(v.ok());
  return *v;
}

FailoverView TwoPaths() {
  FailoverView v;
  v.mode = "watch";
  v.paths = {PathView{"uplink", false, false, false, false, 0, 40},
             PathView{"5g-slice", true, true, false, false, 5, 0}};
  v.active = "5g-slice";
  v.active_since = At("2026-12-11T17:20:00Z");
  FoldRecord(v, Record(R"({"kind":"failover","event":"down","path":"uplink","reason":"3 failures: connection refused",
                           "detected_at":"2026-12-11T17:19:58.000Z"})"));
  FoldRecord(v, Record(R"({"kind":"failover","event":"switch","path":"5g-slice","previous":"uplink",
                           "reason":"uplink is down","detected_at":"2026-12-11T17:20:00.000Z"})"));
  return v;
}

ViewLook Look(int width) { return ViewLook{width, false, &Berlin(), At("2026-12-11T17:34:05Z")}; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("failover live view: the active path, since when, and the last switch with its reason", "[live_view]") {
  std::string screen = RenderFailoverView(TwoPaths(), Look(80));
  CHECK(screen.find("active  5g-slice since 18:20 +01:00 (14m05s)") != std::string::npos);
  CHECK(screen.find("switch  18:20 +01:00 uplink -> 5g-slice: uplink is down") != std::string::npos);
  CHECK(screen.find("last    switch 5g-slice: uplink is down") != std::string::npos);
  CHECK(screen.find("* 5g-slice") != std::string::npos);
  CHECK(screen.find("  uplink    down") != std::string::npos);
  CHECK(screen.find("evt-failover watch 18:34:05 +01:00") == 0);
}

TEST_CASE("failover live view: every line fits 80 and 40 columns", "[live_view]") {
  FailoverView v = TwoPaths();
  v.hold = SiteHold{"swapping the router in the back room", "ana@gate-1", At("2026-12-11T17:30:00Z"),
                    At("2026-12-12T09:00:00Z")};
  for (int width : {80, 40}) {
    INFO(width);
    std::string screen = RenderFailoverView(v, Look(width));
    for (const std::string& line : Lines(screen)) CHECK(DisplayWidth(line) <= width);
    // A hold ending tomorrow says which day.
    CHECK(screen.find("HOLD    until Sat 12 Dec 10:00 +01:00") != std::string::npos);
  }
}

TEST_CASE("failover live view: no active path and a failed switch stand out", "[live_view]") {
  FailoverView v;
  v.mode = "decide";
  v.paths = {PathView{"uplink", false, false, false, false, 0, 0}};
  FoldRecord(v, Record(R"({"kind":"failover","event":"switch_failed","path":"uplink","previous":"",
                           "reason":"on_activate failed","detected_at":"2026-12-11T17:00:00.000Z"})"));
  std::string screen = RenderFailoverView(v, Look(80));
  CHECK(screen.find("active  none: no path carries traffic") != std::string::npos);
  CHECK(screen.find("switch  18:00 +01:00 start -x uplink: on_activate failed") != std::string::npos);
  ViewLook colour = Look(80);
  colour.color = true;
  CHECK(StripStyles(RenderFailoverView(v, colour)) == screen);
}

TEST_CASE("failover live view: records of other kinds leave the view as it was", "[live_view]") {
  FailoverView v = TwoPaths();
  std::string before = RenderFailoverView(v, Look(80));
  FoldRecord(v, Record(R"({"kind":"error","message":"x"})"));
  CHECK(RenderFailoverView(v, Look(80)) == before);
}

}  // namespace
}  // namespace evt::failover
