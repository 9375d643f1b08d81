#include "common/redraw.h"

#include <catch2/catch.hpp>

#include "common/text_width.h"

namespace evt {
namespace {

TEST_CASE("redraw: the first frame is written as it is, later ones go back over it", "[redraw]") {
  InPlaceDrawing drawing;
  CHECK(drawing.Replace("a\nb\n") == "a\nb\n");
  CHECK(drawing.Replace("c\nd\ne\n") == "\r\x1b[2A\x1b[Jc\nd\ne\n");
  CHECK(drawing.Replace("f\n") == "\r\x1b[3A\x1b[Jf\n");
}

TEST_CASE("redraw: a line is cut to the width and cannot carry escape sequences", "[redraw]") {
  CHECK(FittedLine("uplink since 18:20 +01:00", 12) == "uplink sinc…");
  CHECK(DisplayWidth(FittedLine("uplink since 18:20 +01:00", 12)) == 12);
  CHECK(FittedLine("short", 40) == "short");
  CHECK(FittedLine("a\x1b[2Jb", 40).find('\x1b') == std::string::npos);
}

}  // namespace
}  // namespace evt
