#include <catch2/catch.hpp>

#include "tools/failover/route_store.h"

using namespace evt;
using namespace evt::failover;

namespace {
TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }
}  // namespace

TEST_CASE("route store: applied weights, the mode with its restore tokens, and mode requests survive a reopen") {
  Result<RouteStore> store = RouteStore::OpenMemory();
  REQUIRE(store.ok());
  REQUIRE(store->SaveApplied(AppliedWeights{"reads", {{"cache", 7}, {"origin", 3}}, At(5)}).ok());
  REQUIRE(store->SaveApplied(AppliedWeights{"reads", {{"cache", 0}, {"origin", 1}}, At(9)}).ok());
  Result<std::vector<AppliedWeights>> applied = store->LoadApplied();
  REQUIRE(applied.ok());
  REQUIRE(applied->size() == 1);
  CHECK((*applied)[0].weights[0].weight == 0);
  CHECK((*applied)[0].at == At(9));

  Result<ModeState> none = store->LoadMode();
  REQUIRE(none.ok());
  CHECK(none->mode == "normal");
  ModeState reduced{"reduced", At(60000), At(0), "ana@gate-1", {{"haproxy:/s", "{\"map\":\"/m\",\"entries\":{}}"}}};
  REQUIRE(store->SaveMode(reduced).ok());
  Result<ModeState> back = store->LoadMode();
  REQUIRE(back.ok());
  CHECK(back->mode == "reduced");
  CHECK(back->until == At(60000));
  CHECK(back->by == "ana@gate-1");
  CHECK(back->restore_tokens == reduced.restore_tokens);

  REQUIRE(store->RequestMode(ModeRequest{0, "reduced", Duration(1800000), "ana@gate-1"}).ok());
  REQUIRE(store->RequestMode(ModeRequest{0, "normal", std::nullopt, "bo@gate-2"}).ok());
  Result<std::vector<ModeRequest>> requests = store->TakeModeRequests();
  REQUIRE(requests.ok());
  REQUIRE(requests->size() == 2);
  CHECK((*requests)[0].mode == "reduced");
  CHECK((*requests)[0].how_long == Duration(1800000));
  CHECK((*requests)[1].mode == "normal");
  CHECK_FALSE((*requests)[1].how_long);
  CHECK(store->TakeModeRequests()->empty());
}
