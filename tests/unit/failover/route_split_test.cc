#include <catch2/catch.hpp>

#include "tools/failover/route_split.h"

using namespace evt;
using namespace evt::failover;

namespace {

std::vector<int> Weights(const SplitResult& r) {
  std::vector<int> out;
  for (const MemberWeight& w : r.weights) out.push_back(w.weight);
  return out;
}

const std::vector<std::string> kTwo = {"cache", "origin"};

}  // namespace

TEST_CASE("route split: 70/30 is given as 7/3, exactly") {
  SplitResult r = WeightsForSplit(kTwo, {70, 30}, {1, 1});
  CHECK(Weights(r) == std::vector<int>{7, 3});
  CHECK(r.exact);
  CHECK(r.realised == std::vector<double>{70, 30});
  CHECK(WeightsText(r.weights) == "cache=7,origin=3");
}

TEST_CASE("route split: 33/33/34 cannot be reduced, a member down leaves a rounded ratio, reported") {
  const std::vector<std::string> three = {"a", "b", "c"};
  SplitResult all = WeightsForSplit(three, {33, 33, 34}, {1, 1, 1});
  CHECK(Weights(all) == std::vector<int>{33, 33, 34});
  CHECK(all.exact);
  // b's 33 goes to a and c in proportion: 33 + 33*33/67 = 49.25..., 34 + 33*34/67 = 50.74...
  SplitResult one_down = WeightsForSplit(three, {33, 33, 34}, {1, 0, 1});
  CHECK(Weights(one_down) == std::vector<int>{49, 0, 51});
  CHECK_FALSE(one_down.exact);
  CHECK(one_down.desired[0] == Approx(49.2537).epsilon(1e-4));
  CHECK(one_down.realised == std::vector<double>{49, 0, 51});
}

TEST_CASE("route split: a down member's share goes to the others, none up keeps the configured split") {
  CHECK(Weights(WeightsForSplit(kTwo, {70, 30}, {0, 1})) == std::vector<int>{0, 1});
  SplitResult none = WeightsForSplit(kTwo, {70, 30}, {0, 0});
  CHECK(none.none_carrying);
  CHECK(Weights(none) == std::vector<int>{7, 3});
  // A standby (share 0) takes everything when the only active member is down.
  CHECK(Weights(WeightsForSplit(kTwo, {100, 0}, {0, 1})) == std::vector<int>{0, 1});
}

TEST_CASE("route split: a ramping member carries its step of its own share") {
  // cache at 10 % of its 70: 7 %, origin the rest.
  CHECK(Weights(WeightsForSplit(kTwo, {70, 30}, {0.1, 1})) == std::vector<int>{7, 93});
  CHECK(Weights(WeightsForSplit(kTwo, {70, 30}, {0.5, 1})) == std::vector<int>{7, 13});
}

TEST_CASE("route split: prefer puts 100 % on the first member carrying") {
  const std::vector<std::string> paths = {"uplink", "slice-a"};
  CHECK(Weights(WeightsForPrefer(paths, {"slice-a", "uplink"}, {true, true})) == std::vector<int>{0, 1});
  CHECK(Weights(WeightsForPrefer(paths, {"slice-a", "uplink"}, {true, false})) == std::vector<int>{1, 0});
  SplitResult none = WeightsForPrefer(paths, {"slice-a", "uplink"}, {false, false});
  CHECK(none.none_carrying);
  CHECK(Weights(none) == std::vector<int>{0, 1});
}

TEST_CASE("route split: --split text is read strictly") {
  CHECK(*ParseSplitText("origin=30,cache=70", kTwo) == std::vector<int>{70, 30});
  CHECK_THAT(ParseSplitText("cache=70,origin=20", kTwo).status().message(), Catch::Contains("sum to 90"));
  CHECK_THAT(ParseSplitText("cache=70,edge=30", kTwo).status().message(), Catch::Contains("no member \"edge\""));
  CHECK_THAT(ParseSplitText("cache=100", kTwo).status().message(), Catch::Contains("\"origin\" has no share"));
  CHECK_THAT(ParseSplitText("cache=7x,origin=30", kTwo).status().message(), Catch::Contains("whole percentage"));
  CHECK(ParseSplitText("cache=70", kTwo).status().code() == ExitCode::kUsage);
}
