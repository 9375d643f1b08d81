#include "engine/probe/probe_engine.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "common/process_state.h"
#include "loopback_server.h"

namespace evt::probe {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

Check HttpCheck(const std::string& url, bool reuse) {
  Check check;
  check.target = "t";
  check.http.url = url;
  check.http.reuse = reuse;
  check.timeout = Duration(2000);
  return check;
}

// A UDP port on loopback with nothing listening: a question sent there is
// refused (ICMP port unreachable).
int ClosedUdpPort() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// Polls until every attempt has finished or `limit` passed.
void PollUntilIdle(ProbeEngine& engine, milliseconds limit = milliseconds(10000)) {
  Steady::time_point end = Steady::now() + limit;
  while (engine.busy() > 0 && Steady::now() < end) engine.Poll(milliseconds(50));
}

TEST_CASE("probe engine: kept-alive requests finish and reuse at most as many connections as run at once") {
  testing::LoopbackServer server;
  SystemClock clock;
  constexpr std::size_t kConcurrency = 16;
  ProbeEngine engine(clock, kConcurrency);
  Check check = HttpCheck(server.url(), true);
  std::vector<ProbeResult> results;
  auto keep = [&](ProbeResult r) { results.push_back(std::move(r)); };
  // Bursts with a quiet spell between them, one request at a time, as a
  // load run's ramp has: the burst's connections must outlast the spell
  // to serve the next burst.
  for (int burst = 0; burst < 3; ++burst) {
    for (int i = 0; i < 200; ++i) engine.Start(check, keep);
    PollUntilIdle(engine);
    for (int i = 0; i < 20; ++i) {
      engine.Start(check, keep);
      PollUntilIdle(engine);
    }
  }
  REQUIRE(results.size() == 660);
  for (const ProbeResult& r : results) {
    INFO(r.error);
    CHECK(r.ok);
    CHECK(r.status == 200);
    CHECK(r.bytes == 3);
  }
  CHECK(server.connections() <= static_cast<int>(kConcurrency));
}

TEST_CASE("probe engine: a handle used again carries nothing of the check before") {
  testing::LoopbackServer server;
  SystemClock clock;
  ProbeEngine engine(clock, 1);
  Check post = HttpCheck(server.url() + "first", true);
  post.http.method = "POST";
  post.http.body = "a=1";
  post.http.headers = {"X-First: yes"};
  Check get = HttpCheck(server.url() + "second", true);
  std::vector<ProbeResult> results;
  auto keep = [&](ProbeResult r) { results.push_back(std::move(r)); };
  engine.Start(post, keep);
  PollUntilIdle(engine);
  engine.Start(get, keep);
  PollUntilIdle(engine);
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok);
  CHECK(results[1].ok);
  std::vector<std::string> requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].starts_with("POST /first HTTP/1.1"));
  CHECK(requests[0].find("X-First: yes") != std::string::npos);
  CHECK(requests[1].starts_with("GET /second HTTP/1.1"));
  CHECK(requests[1].find("X-First") == std::string::npos);
  CHECK(requests[1].find("Content-Length") == std::string::npos);
}

TEST_CASE("probe engine: without response details the verdicts are skipped, header expectations still hold") {
  testing::LoopbackServer server;
  SystemClock clock;
  ProbeEngine engine(clock, 1);
  Check detailed = HttpCheck(server.url(), true);
  Check plain = detailed;
  plain.http.response_details = false;
  Check expecting = plain;
  expecting.http.expect.headers.push_back(*ParseHeaderExpectation("server-timing:db"));
  Check unmet = plain;
  unmet.http.expect.headers.push_back(*ParseHeaderExpectation("server-timing:cpu"));
  std::vector<ProbeResult> results;
  for (const Check* check : {&detailed, &plain, &expecting, &unmet}) {
    engine.Start(*check, [&](ProbeResult r) { results.push_back(std::move(r)); });
    PollUntilIdle(engine);
  }
  REQUIRE(results.size() == 4);
  CHECK(results[0].cache.status == CacheStatus::kHit);
  REQUIRE(results[0].server_timing.size() == 1);
  CHECK(results[0].server_timing[0].dur_ms == 5.0);
  CHECK(results[1].ok);
  CHECK(results[1].cache.status == CacheStatus::kUnknown);
  CHECK(results[1].server_timing.empty());
  CHECK(results[2].ok);
  CHECK_FALSE(results[3].ok);
  CHECK(results[3].error.starts_with("header server-timing: \"db;dur=5\" does not match"));
}

TEST_CASE("probe engine: a server that never answers times out on libcurl's timer, not later") {
  testing::LoopbackServer server(/*silent=*/true);
  SystemClock clock;
  ProbeEngine engine(clock, 4);
  Check check = HttpCheck(server.url(), false);
  check.timeout = Duration(300);
  std::vector<ProbeResult> results;
  Steady::time_point start = Steady::now();
  engine.Start(check, [&](ProbeResult r) { results.push_back(std::move(r)); });
  // Long waits: only the transfer's timeout can end them early.
  while (engine.busy() > 0 && Steady::now() - start < milliseconds(5000)) engine.Poll(milliseconds(1000));
  auto took = std::chrono::duration_cast<milliseconds>(Steady::now() - start);
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.starts_with("timeout after 300 ms"));
  CHECK(took >= milliseconds(250));  // libcurl's clock and this one round differently
  CHECK(took < milliseconds(1000));
}

TEST_CASE("probe engine: an idle poll waits its time, and an answer ends a wait early") {
  SystemClock clock;
  ProbeEngine engine(clock, 4);
  Steady::time_point start = Steady::now();
  CHECK(engine.Poll(milliseconds(100)) == 0);
  auto idle = Steady::now() - start;
  CHECK(idle >= milliseconds(90));
  CHECK(idle < milliseconds(1000));

  testing::LoopbackServer server;
  Check check = HttpCheck(server.url(), true);
  std::size_t finished = 0;
  engine.Start(check, [&](ProbeResult r) { finished += r.ok ? 1 : 0; });
  start = Steady::now();
  while (finished == 0 && Steady::now() - start < milliseconds(5000)) engine.Poll(milliseconds(3000));
  CHECK(finished == 1);
  CHECK(Steady::now() - start < milliseconds(2500));
}

TEST_CASE("probe engine: a refused connection is an error in words, and the engine goes on") {
  SystemClock clock;
  ProbeEngine engine(clock, 2);
  int closed_port = 0;
  {
    testing::LoopbackServer gone;
    closed_port = std::stoi(gone.url().substr(17));
  }
  Check refused = HttpCheck("http://127.0.0.1:" + std::to_string(closed_port) + "/", false);
  testing::LoopbackServer server;
  Check fine = HttpCheck(server.url(), true);
  std::vector<ProbeResult> results;
  auto keep = [&](ProbeResult r) { results.push_back(std::move(r)); };
  engine.Start(refused, keep);
  engine.Start(fine, keep);
  PollUntilIdle(engine);
  REQUIRE(results.size() == 2);
  const ProbeResult& bad = results[0].subject == fine.Subject() ? results[1] : results[0];
  const ProbeResult& good = results[0].subject == fine.Subject() ? results[0] : results[1];
  CHECK(bad.error == "connection refused");
  CHECK(good.ok);
}

// A DNS question runs on a thread of its own; its answer must end the
// engine's wait at once, as a transfer's does, not when the wait runs out.
TEST_CASE("probe engine: a DNS answer ends a long wait early") {
  SystemClock clock;
  ProbeEngine engine(clock, 2);
  Check dns;
  dns.target = "d";
  dns.type = CheckType::kDns;
  dns.dns.name = "example.test";
  dns.dns.server = "127.0.0.1:" + std::to_string(ClosedUdpPort());  // refused at once
  dns.timeout = Duration(2000);
  std::vector<ProbeResult> results;
  engine.Start(dns, [&](ProbeResult r) { results.push_back(std::move(r)); });
  Steady::time_point start = Steady::now();
  while (results.empty() && Steady::now() - start < milliseconds(20000)) engine.Poll(milliseconds(20000));
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(Steady::now() - start < milliseconds(5000));
}

// An idle daemon waits in Poll until its next probe is due, seconds away;
// SIGTERM must still end it at once, and a caller that drains after the
// stop must still wait between its polls rather than spin.
TEST_CASE("probe engine: a stop request ends a long wait at once, after it, waits wait again") {
  ResetProcessStateForTesting();
  EnableStopWakeup();
  SystemClock clock;
  ProbeEngine engine(clock, 2);
  Steady::time_point start = Steady::now();
  std::thread stopper([] {
    std::this_thread::sleep_for(milliseconds(100));
    RequestStop(SIGTERM);
  });
  engine.Poll(milliseconds(20000));
  const auto waited = Steady::now() - start;
  stopper.join();
  CHECK(waited >= milliseconds(90));
  CHECK(waited < milliseconds(10000));
  start = Steady::now();
  engine.Poll(milliseconds(200));
  CHECK(Steady::now() - start >= milliseconds(150));
  ResetProcessStateForTesting();
}

}  // namespace
}  // namespace evt::probe
