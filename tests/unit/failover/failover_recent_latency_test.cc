// The latencies status draws as each path's sparkline: noted for every
// path that uses the answering target, the latest 30 kept, saved with the
// session's state and restored after a restart.
#include "tools/failover/recent_latency.h"

#include <catch2/catch.hpp>
#include <cstdio>

#include "tools/failover/session.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;
using namespace evt::failover::testing;

TEST_CASE("failover recent latency: every path of the target, the latest 30, oldest first") {
  FailoverSpec spec = ThreePaths();
  spec.paths[2].targets = {"uplink"};  // local shares primary's target
  RecentLatencies recent;
  for (int i = 1; i <= 35; ++i) recent.Note(spec, "uplink", i);
  recent.Note(spec, "slice", 7.5);
  recent.Note(spec, "nobody", 1);
  const LatenciesByPath& by = recent.by_path();
  REQUIRE(by.size() == 3);
  REQUIRE(by.at("primary").size() == kRecentLatencies);
  CHECK(by.at("primary").front() == 6);
  CHECK(by.at("primary").back() == 35);
  CHECK(by.at("local") == by.at("primary"));
  CHECK(by.at("5g") == std::vector<double>{7.5});
}

TEST_CASE("failover recent latency: a session saves the answered latencies and a restart keeps them") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  std::FILE* sink = std::tmpfile();  // the switch records: not what this test is about
  REQUIRE(sink != nullptr);
  RecordWriter out(sink);
  ManualClock clock(At(0));
  auto no_hooks = [](const std::vector<ActionSpec>&, const ActionContext&, std::vector<ActionReport>*) { return true; };
  {
    Session session(ThreePaths(), *store, out, clock, no_hooks);
    REQUIRE(session.Start().ok());
    bool used = false;
    REQUIRE(session.Observe({"slice", true, 12.5, ""}, clock.Now(), &used).ok());
    REQUIRE(session.Observe({"slice", false, 900, "timed out"}, clock.Now(), &used).ok());
    REQUIRE(session.Observe({"slice", true, 14, ""}, clock.Now(), &used).ok());
    REQUIRE(session.Finish().ok());
  }
  Result<LatenciesByPath> saved = store->RecentLatencies();
  REQUIRE(saved.ok());
  CHECK(saved->at("5g") == std::vector<double>{12.5, 14});
  CHECK(saved->count("primary") == 0);

  Session again(ThreePaths(), *store, out, clock, no_hooks);
  REQUIRE(again.Start().ok());
  bool used = false;
  REQUIRE(again.Observe({"slice", true, 20, ""}, clock.Now(), &used).ok());
  REQUIRE(again.Finish().ok());
  CHECK(store->RecentLatencies()->at("5g") == std::vector<double>{12.5, 14, 20});
  out.Flush();
  std::fclose(sink);
}
