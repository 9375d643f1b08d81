#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>

#include "common/site_store.h"
#include "tests/unit/store_test_util.h"
#include "tools/evt/serve_health.h"

namespace evt::front {
namespace {

using store_test::TempDir;

TimePoint Now() { return *ParseRfc3339("2026-12-05T18:00:00.000Z"); }

void Beats(const std::string& root, const std::vector<Beat>& beats) {
  Result<Store> site = OpenSiteStore(root);
  REQUIRE(site.ok());
  for (const Beat& beat : beats) REQUIRE(WriteBeat(*site, beat).ok());
}

Beat BeatOf(const char* daemon, std::int64_t pid, const std::string& host, TimePoint at, bool one_shot = false) {
  return Beat{daemon, pid, host, at - std::chrono::hours(1), at, one_shot};
}

TEST_CASE("serve healthz: a readable state root with live daemons is healthy (200)") {
  TempDir root;
  Beats(root.path(), {BeatOf("failover watch", 4242, "edge", Now() - std::chrono::seconds(3)),
                      BeatOf("budget check", 17, "edge", Now() - std::chrono::hours(2), true)});
  const HealthReport report = CheckHealth(root.path(), Now(), "other-host");
  CHECK(report.healthy);
  CHECK(HealthStatusCode(report) == 200);
  CHECK(report.body.find("status")->as_string() == "ok");
  CHECK(report.body.find("daemons")->as_array().size() == 2);
  CHECK(report.body.find("hold")->is_null());
}

TEST_CASE("serve healthz: a daemon whose beat went stale makes the box unhealthy (503), naming it") {
  TempDir root;
  Beats(root.path(), {BeatOf("failover watch", 4242, "edge", Now() - std::chrono::minutes(2))});
  const HealthReport report = CheckHealth(root.path(), Now(), "other-host");
  CHECK_FALSE(report.healthy);
  CHECK(HealthStatusCode(report) == 503);
  REQUIRE(report.problems.size() == 1);
  CHECK_THAT(report.problems[0], Catch::Contains("failover watch") && Catch::Contains("stale"));
}

TEST_CASE("serve healthz: a hold is shown and is no outage") {
  TempDir root;
  Result<Store> site = OpenSiteStore(root.path());
  REQUIRE(site.ok());
  REQUIRE(PlaceHold(*site, SiteHold{"swapping the router", "ana@edge", Now() - std::chrono::minutes(5),
                                    Now() + std::chrono::minutes(25)})
              .ok());
  const HealthReport report = CheckHealth(root.path(), Now(), "edge");
  CHECK(report.healthy);
  REQUIRE(report.body.find("hold")->is_object());
  CHECK(report.body.find("hold")->find("reason")->as_string() == "swapping the router");
}

TEST_CASE("serve healthz: a state root that is missing or unreadable is unhealthy") {
  TempDir root;
  CHECK_FALSE(CheckHealth(root.path() + "/nope", Now(), "edge").healthy);
  CHECK_FALSE(CheckHealth("", Now(), "edge").healthy);
  const HealthReport report = CheckHealth(root.path() + "/nope", Now(), "edge");
  CHECK_THAT(report.problems.at(0), Catch::Contains("/nope: not a readable folder"));
  CHECK(report.body.find("state_root")->find("readable")->as_bool() == false);
}

}  // namespace
}  // namespace evt::front
