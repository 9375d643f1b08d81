// What watch reports after each tick: READY=1 once decided, WATCHDOG=1 at
// half the watchdog time, STATUS= the active path, and the textfile at most
// once a second; and libsystemd's notifier on a socket of the test's own.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../store_test_util.h"
#include "tools/failover/service_notify.h"
#include "tools/failover/watch_report.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;
using namespace evt::failover::testing;
using evt::store_test::TempDir;

namespace {

struct FakeNotifier final : ServiceNotifier {
  std::optional<Duration> every;
  std::vector<std::string> sent;
  void Notify(const std::string& state) override { sent.push_back(state); }
  std::optional<Duration> WatchdogEvery() const override { return every; }
  int Count(const std::string& state) const { return static_cast<int>(std::count(sent.begin(), sent.end(), state)); }
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  Fixture() : file(std::tmpfile()), writer(file), clock(At(0)), hold(dir.path()) {}
  ~Fixture() { std::fclose(file); }
  Session MakeSession() {
    return Session(ThreePaths(), *store, writer, clock, [](const std::vector<ActionSpec>&, const ActionContext&,
                                                          std::vector<ActionReport>*) { return true; });
  }
  TempDir dir;
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  std::FILE* file;
  RecordWriter writer;
  ManualClock clock;
  HoldKeeper hold;
  FakeNotifier notifier;
};

}  // namespace

TEST_CASE("failover watch report: READY=1 once decided, then STATUS= as the active path changes") {
  Fixture f;
  REQUIRE(f.store.ok());
  Session session = f.MakeSession();
  REQUIRE(session.Start().ok());
  WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, "");
  REQUIRE(session.Tick(f.clock.Now()).ok());
  REQUIRE(report.AfterTick(false).ok());
  CHECK(f.notifier.sent.empty());  // the start state chose primary: not a decision on probes yet
  REQUIRE(report.AfterTick(true).ok());
  REQUIRE(report.AfterTick(true).ok());
  CHECK(f.notifier.sent == std::vector<std::string>{"READY=1\nSTATUS=active: primary"});
  bool used = false;
  for (int i = 0; i < 2; ++i) REQUIRE(session.Observe({"uplink", false, 5, "refused"}, f.clock.Now(), &used).ok());
  REQUIRE(report.AfterTick(true).ok());
  REQUIRE(report.AfterTick(true).ok());
  CHECK(f.notifier.sent.back() == "STATUS=active: 5g");
  CHECK(f.notifier.sent.size() == 2);
  report.Stopping();
  CHECK(f.notifier.sent.back() == "STOPPING=1");
}

TEST_CASE("failover watch report: WATCHDOG=1 at the notifier's interval, only when one is asked for") {
  Fixture f;
  REQUIRE(f.store.ok());
  Session session = f.MakeSession();
  REQUIRE(session.Start().ok());
  SECTION("a watchdog of 1 s: a ping every 500 ms of loop time") {
    f.notifier.every = Duration(500);
    WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, "");
    for (int ms = 0; ms <= 1200; ms += 100) {
      REQUIRE(report.AfterTick(false).ok());
      f.clock.Advance(Duration(100));
    }
    CHECK(f.notifier.Count("WATCHDOG=1") == 3);  // at 0, 500 and 1000 ms
  }
  SECTION("no watchdog: no ping") {
    WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, "");
    for (int i = 0; i < 20; ++i) {
      REQUIRE(report.AfterTick(true).ok());
      f.clock.Advance(Duration(100));
    }
    CHECK(f.notifier.Count("WATCHDOG=1") == 0);
  }
}

TEST_CASE("failover watch report: the textfile is rewritten at most once a second, with the heartbeat") {
  Fixture f;
  REQUIRE(f.store.ok());
  Session session = f.MakeSession();
  REQUIRE(session.Start().ok());
  const std::string path = f.dir.path() + "/failover.prom";
  WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, path);
  REQUIRE(report.Begin().ok());
  CHECK(Slurp(path).find("evt_failover_active{path=\"primary\"} 0\n") != std::string::npos);  // before any choice
  REQUIRE(session.Tick(f.clock.Now()).ok());
  f.clock.Advance(Duration(1000));
  REQUIRE(report.AfterTick(false).ok());
  std::string text = Slurp(path);
  CHECK(text.find("evt_failover_active{path=\"primary\"} 1\n") != std::string::npos);
  CHECK(text.find("evt_failover_switches_total 1\n") != std::string::npos);
  CHECK(text.find("evt_failover_watch_heartbeat_timestamp_seconds 1700000001\n") != std::string::npos);
  f.clock.Advance(Duration(900));
  REQUIRE(report.AfterTick(false).ok());
  CHECK(Slurp(path) == text);
  f.clock.Advance(Duration(100));
  REQUIRE(report.AfterTick(false).ok());
  CHECK(Slurp(path).find("evt_failover_watch_heartbeat_timestamp_seconds 1700000002\n") != std::string::npos);
  // The first decision is written at once, whatever the second.
  f.clock.Advance(Duration(10));
  REQUIRE(report.AfterTick(true).ok());
  CHECK(Slurp(path).find("evt_failover_watch_heartbeat_timestamp_seconds 1700000002.01\n") != std::string::npos);
  f.clock.Advance(Duration(10));
  REQUIRE(report.AfterTick(true).ok());
  CHECK(Slurp(path).find("evt_failover_watch_heartbeat_timestamp_seconds 1700000002.01\n") != std::string::npos);
}

TEST_CASE("failover watch report: a textfile that cannot be written is an error at first, later a warning") {
  Fixture f;
  REQUIRE(f.store.ok());
  Session session = f.MakeSession();
  REQUIRE(session.Start().ok());
  SECTION("at start") {
    WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, f.dir.path() + "/no/such/folder/f.prom");
    Status s = report.Begin();
    CHECK(s.code() == ExitCode::kIoErr);
    CHECK(s.message().find("--textfile: ") == 0);
    CHECK(s.message().find("/no/such/folder/f.prom") != std::string::npos);
  }
  SECTION("once it has been written") {
    const std::string folder = f.dir.path() + "/collector";
    REQUIRE(mkdir(folder.c_str(), 0700) == 0);
    WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, folder + "/f.prom");
    REQUIRE(report.Begin().ok());
    std::filesystem::remove_all(folder);
    f.clock.Advance(Duration(1000));
    CHECK(report.AfterTick(false).ok());
  }
}

TEST_CASE("failover service notify: libsystemd's notifier sends to $NOTIFY_SOCKET and reads the watchdog") {
  TempDir dir;
  const std::string socket_path = dir.path() + "/notify";
  const int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(socket_path.size() < sizeof addr.sun_path);
  std::copy(socket_path.begin(), socket_path.end(), addr.sun_path);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
  SystemdNotifier notifier;
  notifier.Notify("READY=1\nSTATUS=active: 5g");
  char buffer[256] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, MSG_DONTWAIT);
  close(fd);
  CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "READY=1\nSTATUS=active: 5g");

  setenv("WATCHDOG_USEC", "2000000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  CHECK(notifier.WatchdogEvery() == std::optional<Duration>(Duration(1000)));
  // The watchdog is another process's (a shell's that did not exec): not ours to ping.
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  CHECK(!notifier.WatchdogEvery());
  for (const char* name : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}) unsetenv(name);
  CHECK(!notifier.WatchdogEvery());
}

TEST_CASE("failover watch report: the switch count is the store's from before plus the session's own") {
  Fixture f;
  REQUIRE(f.store.ok());
  const std::string earlier = R"({"kind":"failover","v":1,"ts":"2023-11-14T22:00:00.000Z","event":"switch","path":"5g"})";
  REQUIRE(f.store->Save(DeciderSnapshot{}, {earlier, earlier}).ok());
  Session session = f.MakeSession();
  REQUIRE(session.Start().ok());
  const std::string path = f.dir.path() + "/failover.prom";
  WatchReport report(session, *f.store, f.hold, f.notifier, f.clock, path);
  REQUIRE(report.Begin().ok());
  CHECK(Slurp(path).find("evt_failover_switches_total 2\n") != std::string::npos);
  CHECK(Slurp(path).find("evt_failover_last_switch_timestamp_seconds 1700000000\n") == std::string::npos);
  REQUIRE(session.Tick(f.clock.Now()).ok());  // the first choice: a switch to primary
  f.clock.Advance(Duration(1000));
  REQUIRE(report.AfterTick(false).ok());
  CHECK(Slurp(path).find("evt_failover_switches_total 3\n") != std::string::npos);
  CHECK(Slurp(path).find("evt_failover_last_switch_timestamp_seconds 1700000000\n") != std::string::npos);
  Result<SwitchTally> stored = f.store->Switches();
  REQUIRE(stored.ok());
  CHECK(stored->count == 3);
}
