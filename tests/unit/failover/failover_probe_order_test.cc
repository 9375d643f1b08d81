// decide's probe filter: duplicates and records older than the newest
// applied one of their target are not applied.
#include <catch2/catch.hpp>

#include "tools/failover/probe_order.h"
#include "failover_test_util.h"

using namespace evt::failover;
using evt::failover::testing::At;

TEST_CASE("failover probe order: the same (target, ts, attempt) counts once") {
  ProbeOrderFilter f;
  CHECK(f.Admit("uplink", At(0), 1) == ProbeOrder::kNew);
  CHECK(f.Admit("uplink", At(0), 1) == ProbeOrder::kDuplicate);
  CHECK(f.Admit("uplink", At(0), 1) == ProbeOrder::kDuplicate);
  CHECK(f.Admit("uplink", At(0), 2) == ProbeOrder::kNew);  // a retry at the same ms
  CHECK(f.Admit("slice", At(0), 1) == ProbeOrder::kNew);   // another target
  CHECK(f.Admit("uplink", At(0), std::nullopt) == ProbeOrder::kNew);
  CHECK(f.Admit("uplink", At(0), std::nullopt) == ProbeOrder::kDuplicate);
}

TEST_CASE("failover probe order: a record older than the newest of its target is stale") {
  ProbeOrderFilter f;
  CHECK(f.Admit("uplink", At(10000), 3) == ProbeOrder::kNew);
  CHECK(f.Admit("uplink", At(1000), 4) == ProbeOrder::kStale);
  CHECK(f.Admit("slice", At(1000), 1) == ProbeOrder::kNew);
  CHECK(f.Admit("uplink", At(10500), 5) == ProbeOrder::kNew);
  CHECK(f.Admit("uplink", At(10000), 3) == ProbeOrder::kStale);  // once newer ones came
}
