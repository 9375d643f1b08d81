#include "common/sparkline.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "common/text_width.h"

namespace evt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string Spark(std::vector<double> v, std::optional<double> min = std::nullopt,
                  std::optional<double> max = std::nullopt) {
  return Sparkline(v, min, max);
}

TEST_CASE("sparkline: scales from the minimum to the maximum", "[sparkline]") {
  CHECK(Spark({0, 1, 2, 3, 4, 5, 6, 7}) == "▁▂▃▄▅▆▇█");
  CHECK(Spark({10, 80, 45}) == "▁█▅");
  CHECK(Spark({-5, 5}) == "▁█");
}

TEST_CASE("sparkline: given bounds fix the scale and clamp outliers", "[sparkline]") {
  CHECK(Spark({0, 50, 100}, 0.0, 100.0) == "▁▅█");
  CHECK(Spark({50}, 0.0, 100.0) == "▅");
  CHECK(Spark({-20, 130}, 0.0, 100.0) == "▁█");
  CHECK(Spark({5, 5}, 0.0, 10.0) == "▅▅");
  CHECK(Spark({0, 100}, 100.0, 0.0) == "▁█");  // swapped bounds
  CHECK(Spark({0, 10}, kNaN, kInf) == "▁█");   // unusable bounds are ignored
  CHECK(Spark({2, 4}, std::nullopt, 8.0) == "▁▃");
}

TEST_CASE("sparkline: empty, one value and a constant series", "[sparkline]") {
  CHECK(Spark({}).empty());
  CHECK(Spark({42}) == "▄");
  CHECK(Spark({3, 3, 3}) == "▄▄▄");
}

TEST_CASE("sparkline: missing values keep their place as spaces", "[sparkline]") {
  CHECK(Spark({0, kNaN, 7}) == "▁ █");
  CHECK(Spark({kNaN, kNaN}) == "  ");
  CHECK(DisplayWidth(Spark({1, kNaN, 2, 3})) == 4);
}

TEST_CASE("sparkline: infinities draw at the ends without breaking the scale", "[sparkline]") {
  CHECK(Spark({0, kInf, 7, -kInf}) == "▁██▁");
  CHECK(Spark({0, kInf, 7, 14}) == "▁█▅█");
  CHECK(Spark({kInf, -kInf}) == "█▁");
  CHECK(Spark({1, 2, kInf}, 0.0, 2.0) == "▅██");
}

TEST_CASE("sparkline: extreme magnitudes do not overflow", "[sparkline]") {
  const double big = std::numeric_limits<double>::max();
  CHECK(Spark({-big, 0, big}) == "▁▅█");
}

TEST_CASE("sparkline: bar fills eighths of columns", "[sparkline]") {
  CHECK(Bar(0, 4) == "    ");
  CHECK(Bar(1, 4) == "████");
  CHECK(Bar(0.5, 4) == "██  ");
  CHECK(Bar(0.5, 3) == "█▌ ");
  CHECK(Bar(0.5, 1) == "▌");
  CHECK(Bar(1.0 / 8, 1) == "▏");
  CHECK(Bar(7.0 / 8, 1) == "▉");
  CHECK(Bar(0.25, 2) == "▌ ");
  CHECK(Bar(0.01, 10) == "▏         ");
}

TEST_CASE("sparkline: bar clamps and keeps its width", "[sparkline]") {
  CHECK(Bar(-3, 5) == "     ");
  CHECK(Bar(7, 5) == "█████");
  CHECK(Bar(kNaN, 3) == "   ");
  CHECK(Bar(kInf, 2) == "██");
  CHECK(Bar(0.5, 0).empty());
  CHECK(Bar(0.5, -1).empty());
  for (double f : {0.0, 0.13, 0.37, 0.5, 0.88, 0.99, 1.0}) CHECK(DisplayWidth(Bar(f, 7)) == 7);
}

}  // namespace
}  // namespace evt
