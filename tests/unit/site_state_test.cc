// The heartbeats and the site-wide hold in site.db (heartbeat.h, site_hold.h).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "common/site_status.h"
#include "common/site_store.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;
using std::chrono::seconds;

const TimePoint kT0 = FromEpochMs(1'780'000'000'000);

Beat BeatAt(TimePoint at, std::int64_t pid = getpid()) {
  return Beat{"failover watch", pid, ThisHost(), kT0, at, false};
}

TEST_CASE("heartbeat: alive until three beats are missed", "[heartbeat]") {
  const std::string host = ThisHost();
  CHECK(IsAlive(BeatAt(kT0), kT0 + seconds(15), host));
  CHECK_FALSE(IsAlive(BeatAt(kT0), kT0 + seconds(15) + Duration(1), host));
  CHECK(LivenessText(BeatAt(kT0), kT0 + seconds(16), host) == "stale");
}

TEST_CASE("heartbeat: a pid gone from this host is stale at once", "[heartbeat]") {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) _exit(0);
  int ignored;
  REQUIRE(waitpid(child, &ignored, 0) == child);
  CHECK_FALSE(IsAlive(BeatAt(kT0, child), kT0, ThisHost()));
  // On another host the pid says nothing; only the beat's age does.
  CHECK(IsAlive(BeatAt(kT0, child), kT0, "another-host"));
}

TEST_CASE("heartbeat: a timer's one-shot beat is a last run, never alive", "[heartbeat]") {
  Beat run = BeatAt(kT0);
  run.one_shot = true;
  CHECK_FALSE(IsAlive(run, kT0, ThisHost()));
  CHECK(LivenessText(run, kT0, ThisHost()) == "last run");
}

TEST_CASE("heartbeat: beats are kept, replaced and removed in site.db", "[heartbeat]") {
  Result<Store> site = OpenSiteStoreMemory();
  REQUIRE(site.ok());
  REQUIRE(WriteBeat(*site, BeatAt(kT0)).ok());
  REQUIRE(WriteBeat(*site, BeatAt(kT0 + seconds(5))).ok());
  Result<std::vector<Beat>> beats = ReadBeats(*site);
  REQUIRE(beats->size() == 1);
  CHECK((*beats)[0].beat_at == kT0 + seconds(5));
  CHECK(FindLive(*beats, {"failover decide", "failover watch"}, kT0 + seconds(6)));
  CHECK_FALSE(FindLive(*beats, {"failover decide"}, kT0 + seconds(6)));
  REQUIRE(RemoveBeat(*site, "failover watch", getpid() + 1).ok());  // another daemon's: kept
  CHECK(ReadBeats(*site)->size() == 1);
  REQUIRE(RemoveBeat(*site, "failover watch", getpid()).ok());
  CHECK(ReadBeats(*site)->empty());
}

TEST_CASE("heartbeat: a daemon's heartbeat is there while it runs and gone after", "[heartbeat]") {
  TempDir tmp;
  CHECK(ReadBeats(tmp.path())->empty());
  {
    Result<std::unique_ptr<Heartbeat>> beat = Heartbeat::Start(tmp.path(), "scrape");
    REQUIRE(beat.ok());
    Result<std::vector<Beat>> beats = ReadBeats(tmp.path());
    REQUIRE(beats->size() == 1);
    CHECK((*beats)[0].pid == getpid());
    CHECK(IsAlive((*beats)[0], (*beats)[0].beat_at, ThisHost()));
  }
  CHECK(ReadBeats(tmp.path())->empty());
  REQUIRE(RecordRun(tmp.path(), "budget check", kT0).ok());
  Result<std::vector<Beat>> beats = ReadBeats(tmp.path());
  REQUIRE(beats->size() == 1);
  CHECK((*beats)[0].one_shot);
  CHECK((*beats)[0].started_at == kT0);
}

TEST_CASE("site hold: placed, shown, expiring by itself, lifted", "[site_hold]") {
  Result<Store> site = OpenSiteStoreMemory();
  REQUIRE(site.ok());
  CHECK_FALSE(*HoldAt(*site, kT0));
  REQUIRE(PlaceHold(*site, SiteHold{"swapping the router", "ana@gate-1", kT0, kT0 + seconds(1800)}).ok());
  Result<std::optional<SiteHold>> held = HoldAt(*site, kT0 + seconds(60));
  REQUIRE(*held);
  CHECK(HoldText(**held) == "held until 2026-05-28T20:56:40.000Z by ana@gate-1: swapping the router");
  CHECK_FALSE(*HoldAt(*site, kT0 + seconds(1800)));
  CHECK_FALSE(*LiftHold(*site, kT0 + seconds(1800)));  // it had ended: nothing to lift
  REQUIRE(PlaceHold(*site, SiteHold{"again", "bo@gate-2", kT0, kT0 + seconds(60)}).ok());
  CHECK(*LiftHold(*site, kT0));
  CHECK_FALSE(*HoldAt(*site, kT0));
}

TEST_CASE("site hold: a loop sees a hold as soon as it is placed, and not past its end", "[site_hold]") {
  TempDir tmp;
  HoldKeeper keeper(tmp.path());
  const TimePoint now = FromEpochMs(ToEpochMs(std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now())));
  CHECK_FALSE(keeper.At(now));
  Result<Store> site = OpenSiteStore(tmp.path());
  REQUIRE(site.ok());
  REQUIRE(PlaceHold(*site, SiteHold{"fixing", "ana@gate-1", now, now + Duration(1500)}).ok());
  CHECK(keeper.At(now + Duration(500)));
  CHECK(keeper.At(now + Duration(1000)));
  CHECK_FALSE(keeper.At(now + Duration(1500)));
}

TEST_CASE("site status: the hold and the daemon, for a person", "[site_status]") {
  SiteStatus s;
  CHECK(SiteStatusText(s, {"failover watch", "failover decide"}, kT0) ==
        "failover watch or failover decide: not running on this state\n");
  s.beats.push_back(BeatAt(kT0));
  s.hold = SiteHold{"fixing", "ana@gate-1", kT0, kT0 + seconds(60)};
  std::string text = SiteStatusText(s, {"failover watch"}, kT0 + seconds(20));
  CHECK_THAT(text, Catch::StartsWith("site held until"));
  CHECK_THAT(text, Catch::Contains("failover watch: stale, updated_at "));
}

}  // namespace
}  // namespace evt
