#include "common/hub/hub_sync.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "common/exit_code.h"
#include "tests/unit/hub/fake_hub_set.h"
#include "tests/unit/hub/hub_test_cluster.h"

namespace evt::hub {
namespace {

using testing::FakeHubSet;
using testing::TestHub;

Store MemoryStore() {
  Result<Store> store = Store::OpenMemory("hubtest", {});
  REQUIRE(store.ok());
  return std::move(*store);
}

// One box: its store (the cursors), its set, its session with the hub.
struct Box {
  Store store = MemoryStore();
  FakeHubSet set;
  HubSettings settings;

  Box(std::string conninfo, std::string site) { settings = {std::move(conninfo), std::move(site), "test: /site/hub"}; }
  HubSync Connect() {
    Result<HubSync> sync = HubSync::Connect(settings, store);
    INFO(sync.status().ToString());
    REQUIRE(sync.ok());
    return std::move(*sync);
  }
  HubSyncReport SyncOnce() {
    HubSync sync = Connect();
    Result<std::vector<HubSyncReport>> reports = sync.SyncOnce({&set});
    INFO(reports.status().ToString());
    REQUIRE(reports.ok());
    REQUIRE(reports->size() == 1);
    return reports->front();
  }
};

TEST_CASE("two gates' sets converge through the hub, as site roles under row-level security") {
  TestHub hub;
  std::string role_a = hub.SiteRole("arena"), role_b = hub.SiteRole("arena");
  Box a(hub.RoleConninfo(role_a), "arena"), b(hub.RoleConninfo(role_b), "arena");
  for (int i = 0; i < 4500; ++i) a.set.Add("a" + std::to_string(i), R"({"n":)" + std::to_string(i) + "}");
  b.set.Add("b1", R"({"b":1})");
  b.set.Add("a7", R"({"n":7})");  // the same element, scanned at both

  HubSyncReport first = a.SyncOnce();
  CHECK(first.pushed == 4500);
  CHECK(first.pulled == 4500);  // its own, back: the merge counts them as duplicates
  CHECK(first.merged.duplicate == 4500);
  HubSyncReport second = b.SyncOnce();
  CHECK(second.pushed == 1);
  CHECK(second.pushed_known == 1);
  CHECK(second.push_conflicts == 0);
  CHECK(second.merged.added == 4499);
  a.SyncOnce();
  CHECK(a.set.Records() == b.set.Records());
  CHECK(a.set.size() == 4501);

  HubSyncReport idle = a.SyncOnce();  // a merged element goes back once as known, then nothing
  HubSyncReport still = a.SyncOnce();
  CHECK(idle.pushed == 0);
  CHECK(still.pushed + still.pushed_known + still.pulled == 0);
}

TEST_CASE("one id with two records is a conflict at the push and at the merge, never merged silently") {
  TestHub hub;
  Box a(hub.OwnerConninfo(), "expo"), b(hub.OwnerConninfo(), "expo");
  a.set.Add("t1", R"({"gate":"north"})");
  b.set.Add("t1", R"({"gate":"south"})");
  a.SyncOnce();
  HubSyncReport report = b.SyncOnce();
  CHECK(report.pushed_known == 1);
  CHECK(report.push_conflicts == 1);
  CHECK(report.merged.conflict == 1);
  CHECK(b.set.Records().at("t1") == R"({"gate":"south"})");
}

TEST_CASE("sites and sets never meet at the hub") {
  TestHub hub;
  Box a(hub.OwnerConninfo(), "site-a"), b(hub.OwnerConninfo(), "site-b");
  FakeHubSet other_set("other.set");
  a.set.Add("x", "{}");
  a.SyncOnce();
  CHECK(b.SyncOnce().pulled == 0);
  HubSync sync = b.Connect();
  Result<std::vector<HubSyncReport>> reports = sync.SyncOnce({&other_set});
  REQUIRE(reports.ok());
  CHECK(reports->front().pulled == 0);
}

TEST_CASE("concurrent pushers lose nothing for a puller whose cursor runs ahead of their commits") {
  TestHub hub;
  constexpr int kPushers = 6, kRounds = 40, kPerRound = 15;
  std::atomic<int> done{0};
  std::vector<std::thread> pushers;
  for (int p = 0; p < kPushers; ++p) {
    pushers.emplace_back([&, p] {
      Box box(hub.OwnerConninfo(), "stadium");
      Result<HubSync> sync = HubSync::Connect(box.settings, box.store);
      if (sync.ok()) {
        for (int round = 0; round < kRounds; ++round) {
          for (int i = 0; i < kPerRound; ++i) {
            box.set.Add("p" + std::to_string(p) + "-" + std::to_string(round) + "-" + std::to_string(i), "{}");
          }
          if (!sync->SyncOnce({&box.set}).ok()) break;
        }
      }
      ++done;
    });
  }
  Box puller(hub.OwnerConninfo(), "stadium");
  HubSync sync = puller.Connect();
  while (done < kPushers) REQUIRE(sync.SyncOnce({&puller.set}).ok());
  for (std::thread& t : pushers) t.join();
  REQUIRE(sync.SyncOnce({&puller.set}).ok());
  CHECK(puller.set.size() == std::size_t{kPushers * kRounds * kPerRound});
}

TEST_CASE("a push cut off mid-way loses nothing when it is retried") {
  TestHub hub;
  Box a(hub.OwnerConninfo(), "fair");
  for (int i = 0; i < 20000; ++i) a.set.Add("e" + std::to_string(i), R"({"pad":")" + std::string(200, 'x') + "\"}");
  HubSync sync = a.Connect();
  PgConnection owner = hub.Owner();
  std::atomic<bool> pushing{true};
  std::thread killer([&] {
    // Ends the box's backend as a crash or a dropped link would.
    while (pushing) {
      Result<PgResult> killed = owner.Exec(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
          "AND pid <> pg_backend_pid() AND query LIKE 'INSERT INTO evt_hub.elements%'");
      if (killed.ok() && killed->rows() > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  Result<std::vector<HubSyncReport>> cut = sync.SyncOnce({&a.set});
  pushing = false;
  killer.join();
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().code() == ExitCode::kUnavailable);
  HubSyncReport retry = a.SyncOnce();
  CHECK(retry.pushed + retry.pushed_known >= 1);
  Box b(hub.OwnerConninfo(), "fair");
  b.SyncOnce();
  CHECK(b.set.Records() == a.set.Records());
}

TEST_CASE("a cursor belongs to one hub: another hub starts from 0") {
  TestHub first, second;
  Box a(first.OwnerConninfo(), "popup");
  a.set.Add("x", "{}");
  a.SyncOnce();
  a.settings.conninfo = second.OwnerConninfo();
  CHECK(a.SyncOnce().pushed == 1);
}

TEST_CASE("a poisoned element at the hub fails the pull with the adapter's 65 and the cursor stays before it") {
  TestHub hub;
  PgConnection owner = hub.Owner();
  REQUIRE(owner.Run("INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) "
                    "VALUES ('gig', 'test.set', 'bad', 'poison', 1)").ok());
  Box b(hub.OwnerConninfo(), "gig");
  HubSync sync = b.Connect();
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<std::vector<HubSyncReport>> reports = sync.SyncOnce({&b.set});
    REQUIRE_FALSE(reports.ok());
    CHECK(reports.status().code() == ExitCode::kDataErr);
    CHECK(reports.status().message().find("bad") != std::string::npos);
  }
  CHECK(b.set.size() == 0);
}

}  // namespace
}  // namespace evt::hub

namespace evt::hub {
namespace {

using testing::FakeHubSet;
using testing::TestHub;

// Until pred() or `seconds` passed; whether pred() held.
template <typename Pred>
bool WaitFor(Pred pred, double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

TEST_CASE("watch pulls another box's push on its NOTIFY, reports a dropped hub once and catches up on return") {
  TestHub hub;
  Box a(hub.OwnerConninfo(), "festival"), b(hub.OwnerConninfo(), "festival");
  HubSync watcher = a.Connect();
  std::atomic<bool> stop{false};
  std::atomic<int> offline{0}, online{0};
  HubWatchOptions options;
  options.interval = Duration(30000);  // only a NOTIFY makes it prompt
  options.retry = Duration(200);
  options.stop = [&] { return stop.load(); };
  options.on_offline = [&](const Status& why) {
    CHECK(why.code() == ExitCode::kUnavailable);
    ++offline;
  };
  options.on_online = [&] { ++online; };
  Status watched = Status::Ok();
  std::thread watch([&] { watched = watcher.Watch({&a.set}, options); });

  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // its first pass and LISTEN
  b.set.Add("t1", R"({"gate":"b"})");
  auto pushed = std::chrono::steady_clock::now();
  b.SyncOnce();
  CHECK(WaitFor([&] { return a.set.size() == 1; }, 5));
  CHECK(std::chrono::steady_clock::now() - pushed < std::chrono::seconds(2));

  PgConnection owner = hub.Owner();
  REQUIRE(owner.Run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'").ok());
  CHECK(WaitFor([&] { return offline == 1 && online == 1; }, 5));
  b.set.Add("t2", R"({"gate":"b"})");
  b.SyncOnce();
  CHECK(WaitFor([&] { return a.set.size() == 2; }, 5));

  stop = true;
  watch.join();
  CHECK(watched.ok());
  CHECK(offline == 1);
}

TEST_CASE("watch outlasts a busy store: the pass is tried again, nothing is lost, the watch goes on") {
  TestHub hub;
  Box a(hub.OwnerConninfo(), "market"), b(hub.OwnerConninfo(), "market");
  HubSync watcher = a.Connect();
  std::atomic<bool> stop{false};
  HubWatchOptions options;
  options.interval = Duration(100);
  options.stop = [&] { return stop.load(); };
  a.set.FailNextMerge(Status::TempFail("hubtest: database is locked"));
  b.set.Add("t1", "{}");
  b.SyncOnce();
  Status watched = Status::Ok();
  std::thread watch([&] { watched = watcher.Watch({&a.set}, options); });
  CHECK(WaitFor([&] { return a.set.size() == 1; }, 5));
  stop = true;
  watch.join();
  CHECK(watched.ok());
}

}  // namespace
}  // namespace evt::hub
