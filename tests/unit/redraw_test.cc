#include "common/redraw.h"

#include <catch2/catch.hpp>

#include "common/text_width.h"

namespace evt {
namespace {

TEST_CASE("redraw: each frame overwrites the one before row by row, never clearing from the top", "[redraw]") {
  InPlaceDrawing drawing;
  CHECK(drawing.Replace("a\nb\n") == "\x1b[Ka\n\x1b[Kb\n\x1b[J");
  CHECK(drawing.Replace("c\nd\ne\n") == "\r\x1b[2A\x1b[Kc\n\x1b[Kd\n\x1b[Ke\n\x1b[J");
  // A shorter frame: the rows of the longer one below it are cleared.
  CHECK(drawing.Replace("f\n") == "\r\x1b[3A\x1b[Kf\n\x1b[J");
}

TEST_CASE("redraw: a line is cut to the width and cannot carry escape sequences", "[redraw]") {
  CHECK(FittedLine("uplink since 18:20 +01:00", 12) == "uplink sinc…");
  CHECK(DisplayWidth(FittedLine("uplink since 18:20 +01:00", 12)) == 12);
  CHECK(FittedLine("short", 40) == "short");
  CHECK(FittedLine("a\x1b[2Jb", 40).find('\x1b') == std::string::npos);
}

}  // namespace
}  // namespace evt
