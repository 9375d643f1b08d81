#include "tools/load/open_loop.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

#include "common/process_state.h"
#include "engine/probe/probe_engine.h"
#include "tests/unit/fake_probe_runner.h"
#include "tools/load/url_unit.h"

namespace evt::load {
namespace {

using probe::testing::FakeProbeRunner;
using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr TimePoint kWallStart{milliseconds(1'767'225'600'000)};  // 2026-01-01T00:00:00Z

// A driver on a ManualClock, a FakeProbeRunner and a UrlUnit, recording
// every window and every outcome.
struct Rig {
  ManualClock manual{kWallStart};
  ManualLoadClock clock{manual};
  FakeProbeRunner runner{manual, Duration(3'600'000)};
  UrlUnit unit{runner, LoadCheck("http://shop.test/", "GET", {}, Duration(5000))};
  std::vector<LoadWindow> windows;
  std::vector<RequestOutcome> outcomes;

  Rig() { ResetProcessStateForTesting(); }
  ~Rig() { ResetProcessStateForTesting(); }

  OpenLoopSummary Run(Arrivals arrivals, OpenLoopSettings settings,
                      std::function<std::string(const LoadWindow&)> abort_check = nullptr,
                      LoadUnit* load_unit = nullptr) {
    OpenLoopDriver driver(runner, clock, load_unit ? *load_unit : unit, std::move(arrivals), settings);
    driver.on_window = [this](const LoadWindow& w) { windows.push_back(w); };
    driver.on_outcome = [this](const RequestOutcome& o) { outcomes.push_back(o); };
    if (abort_check) driver.abort_check = abort_check;
    return driver.Run();
  }

  // Milliseconds since the start of the run.
  static std::int64_t Ms(MicroTime t) { return std::chrono::duration_cast<milliseconds>(t - kWallStart).count(); }
  const RequestOutcome& OutcomeIntendedAt(std::int64_t ms) const {
    for (const RequestOutcome& o : outcomes)
      if (Ms(o.intended) == ms) return o;
    FAIL("no outcome intended at " << ms << " ms");
    return outcomes.front();
  }
};

// From the schedule and from the send, as RequestOutcome defines them
// (computed here so these tests hold the driver's times, not that code).
double CorrectedMs(const RequestOutcome& o) { return static_cast<double>((o.done - o.intended).count()) / 1000.0; }
double UncorrectedMs(const RequestOutcome& o) { return static_cast<double>((o.done - o.sent).count()) / 1000.0; }

OpenLoopSettings WithMaxInFlight(std::int64_t n) {
  OpenLoopSettings s;
  s.max_in_flight = n;
  return s;
}

TEST_CASE("open loop: sends on schedule and closes a window each second", "[load][open_loop]") {
  Rig rig;
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(100, 2), 0), WithMaxInFlight(10));
  CHECK(summary.reason == StopReason::kDone);
  REQUIRE(rig.runner.attempts.size() == 200);
  for (std::size_t k = 0; k < 200; ++k) CHECK(rig.runner.attempts[k].started_ms == static_cast<std::int64_t>(k) * 10);
  REQUIRE(rig.windows.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const LoadWindow& w = rig.windows[i];
    INFO("window " << i);
    CHECK(w.start == MicroTime(kWallStart) + std::chrono::seconds(i));
    CHECK(w.seconds == 1);
    CHECK(w.target_rate == Approx(100));
    CHECK(w.intended == 100);
    CHECK(w.sent == 100);
    CHECK(w.slipped == 0);
    CHECK(w.held_back == 0);
    CHECK(w.slip.count() == 100);
  }
  // The one sent at 990 ms is answered at 1000 ms, seen after the first
  // window closed (its send, due at 1000 ms, went first).
  CHECK(rig.windows[0].in_flight == 1);
  CHECK(rig.windows[0].completed == 99);
  REQUIRE(rig.outcomes.size() == 200);
  for (const RequestOutcome& o : rig.outcomes) {
    CHECK(o.sent == o.intended);
    CHECK(o.done - o.sent == milliseconds(10));
    CHECK(o.error_class == ErrorClass::kNone);
  }
  CHECK(summary.total.sent == 200);
  CHECK(summary.total.intended == 200);
  CHECK(summary.total.seconds == Approx(2));
  CHECK(summary.unsent == 0);
  CHECK(summary.abandoned == 0);
}

// The server stalls: requests sent in [1 s, 2 s) take 1 s, others 10 ms.
class StallingUnit final : public LoadUnit {
 public:
  explicit StallingUnit(Rig& rig) : rig_(rig) {}
  void Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
             std::function<void()> finished) override {
    std::int64_t at = Rig::Ms(sent);
    rig_.runner.takes = Duration(at >= 1000 && at < 2000 ? 1000 : 10);
    rig_.unit.Start(seq, intended, sent, std::move(outcome), std::move(finished));
  }

 private:
  Rig& rig_;
};

TEST_CASE("open loop: a stalled server does not slow the sending down", "[load][open_loop]") {
  Rig rig;
  StallingUnit stalling(rig);
  // Above rate x stall (100 x 1 s): the bound never bites.
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(100, 4), 0), WithMaxInFlight(150), nullptr, &stalling);
  REQUIRE(rig.runner.attempts.size() == 400);
  for (std::size_t k = 0; k < 400; ++k) CHECK(rig.runner.attempts[k].started_ms == static_cast<std::int64_t>(k) * 10);
  CHECK(summary.total.held_back == 0);
  CHECK(summary.total.slipped == 0);
  CHECK(rig.windows[1].in_flight == 100);  // the whole second of the stall is out at once
  // Sent on time, so both measures see the stall.
  const RequestOutcome& stalled = rig.OutcomeIntendedAt(1500);
  CHECK(CorrectedMs(stalled) == Approx(1000));
  CHECK(UncorrectedMs(stalled) == Approx(1000));
  CHECK(CorrectedMs(rig.OutcomeIntendedAt(2500)) == Approx(10));
}

TEST_CASE("open loop: when --max-in-flight bites, the wait is counted and corrected latency shows it",
          "[load][open_loop]") {
  Rig rig;
  StallingUnit stalling(rig);
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(100, 4), 0), WithMaxInFlight(10), nullptr, &stalling);
  CHECK(summary.reason == StopReason::kDone);
  // Nothing is dropped: the 90 arrivals due in [1.1 s, 2 s) leave once the
  // stalled ten finish at 2 s.
  CHECK(summary.total.sent == 400);
  CHECK(summary.unsent == 0);
  REQUIRE(rig.outcomes.size() == 400);
  const LoadWindow& stall = rig.windows[1];
  CHECK(stall.intended == 100);
  CHECK(stall.sent == 10);
  CHECK(stall.in_flight == 9);  // the first of the stalled ten is answered at 2 s
  CHECK(summary.total.held_back >= 90);
  CHECK(summary.total.slipped >= 90);
  CHECK(summary.total.slip.max() >= 900'000);  // µs: the arrival due at 1.1 s waited till 2 s
  // Held back from 1.5 s to 2 s, then answered in 10 ms: a closed-loop
  // tool would report the 10 ms; the buyer waited half a second more.
  const RequestOutcome& held = rig.OutcomeIntendedAt(1500);
  CHECK(Rig::Ms(held.sent) >= 2000);
  CHECK(UncorrectedMs(held) == Approx(10));
  CHECK(CorrectedMs(held) >= 510);
  CHECK(summary.total.corrected.max() >= 1'000'000);
  CHECK(summary.total.uncorrected.ValueAtPercentile(90) <= 10'100);
  std::cout << "open_loop_test: stall with max-in-flight 10: held_back " << summary.total.held_back
            << ", corrected p99 " << summary.total.corrected.ValueAtPercentile(99) / 1000.0 << " ms, uncorrected p99 "
            << summary.total.uncorrected.ValueAtPercentile(99) / 1000.0 << " ms\n";
}

TEST_CASE("open loop: max_requests and the duration bound the run", "[load][open_loop]") {
  {
    Rig rig;
    OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(1000, 10), 7), WithMaxInFlight(10));
    CHECK(summary.reason == StopReason::kDone);
    CHECK(rig.runner.attempts.size() == 7);
    CHECK(summary.total.sent == 7);
    REQUIRE(rig.windows.size() == 1);  // the run lasts 16 ms: one short window
    CHECK(rig.windows[0].seconds == Approx(0.016));
  }
  {
    Rig rig;
    OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(50, 1.5), 0), WithMaxInFlight(10));
    CHECK(rig.runner.attempts.size() == 75);
    CHECK(rig.runner.attempts.back().started_ms == 1480);
    REQUIRE(rig.windows.size() == 2);
    CHECK(rig.windows[1].seconds == Approx(0.49));  // ends when the last answer came, at 1.49 s
    CHECK(rig.windows[1].target_rate == Approx(50));
    CHECK(summary.total.seconds == Approx(1.49));
  }
}

TEST_CASE("open loop: a stop request ends the run with its summary", "[load][open_loop]") {
  Rig rig;
  rig.runner.on_step = [](std::int64_t now_ms) {
    if (now_ms >= 1234) RequestStop(SIGINT);
  };
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(100, 5), 0), WithMaxInFlight(10));
  CHECK(summary.reason == StopReason::kInterrupted);
  CHECK(summary.signal == SIGINT);
  CHECK(StopReasonName(summary.reason) == std::string("interrupted"));
  CHECK(summary.total.sent == 124);  // 0 .. 1230 ms
  CHECK(summary.unsent == 376);
  CHECK(summary.abandoned == 0);  // what was out was waited for
  CHECK(rig.outcomes.size() == 124);
  REQUIRE(rig.windows.size() == 2);
  CHECK(rig.windows[1].seconds == Approx(0.24));
}

TEST_CASE("open loop: an abort rule stops the run after the window that broke it", "[load][open_loop]") {
  Rig rig;
  OpenLoopSummary summary =
      rig.Run(Arrivals(LoadProfile::Constant(100, 10), 0), WithMaxInFlight(10), [](const LoadWindow& w) {
        return w.start >= MicroTime(kWallStart) + std::chrono::seconds(2) ? std::string("p99>800ms for 10s")
                                                                             : std::string();
      });
  CHECK(summary.reason == StopReason::kAborted);
  CHECK(summary.abort_reason == "p99>800ms for 10s");
  CHECK(summary.total.sent == 300);
  CHECK(summary.unsent == 700);
}

TEST_CASE("open loop: the time bound stops arrivals held back past the schedule's end", "[load][open_loop]") {
  Rig rig;
  rig.runner.takes = Duration(1000);
  OpenLoopSettings settings = WithMaxInFlight(1);
  settings.late_grace = std::chrono::seconds(1);
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(10, 2), 0), settings);
  CHECK(summary.reason == StopReason::kTimeBound);
  // One at a time, each taking 1 s, until 2 s + 1 s of grace.
  CHECK(rig.runner.Starts("http://shop.test/") == std::vector<std::int64_t>{0, 1000, 2000});
  CHECK(summary.total.sent == 3);
  CHECK(summary.unsent == 17);
  CHECK(summary.total.held_back == 19);  // 2 sent late, 17 never
  REQUIRE(rig.windows.size() == 4);
  CHECK(rig.windows[3].seconds == 0);  // the run ended on a second: an instant that counts the 17
  CHECK(rig.windows[3].held_back == 17);
  CHECK(summary.total.intended == 20);
}

TEST_CASE("open loop: in-flight work past the drain timeout is abandoned and counted", "[load][open_loop]") {
  Rig rig;
  rig.runner.takes = Duration(60'000);
  OpenLoopSettings settings = WithMaxInFlight(100);
  settings.drain_timeout = std::chrono::seconds(2);
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(10, 1), 0), settings);
  CHECK(summary.total.sent == 10);
  CHECK(summary.abandoned == 10);
  CHECK(summary.total.in_flight == 10);
  CHECK(rig.outcomes.empty());
  CHECK(summary.total.seconds == Approx(2.9));
}

TEST_CASE("open loop: a bound below 1 still sends, one at a time", "[load][open_loop]") {
  Rig rig;
  OpenLoopSummary summary = rig.Run(Arrivals(LoadProfile::Constant(10, 1), 0), WithMaxInFlight(0));
  CHECK(summary.reason == StopReason::kDone);
  CHECK(summary.total.sent == 10);
  CHECK(summary.total.held_back == 0);  // 10 ms each, 100 ms apart
}

TEST_CASE("open loop: a replay's offsets are the schedule", "[load][open_loop]") {
  Rig rig;
  OpenLoopSummary summary = rig.Run(Arrivals(std::vector<double>{0, 0, 0.25, 1.5}), WithMaxInFlight(10));
  CHECK(rig.runner.Starts("http://shop.test/") == std::vector<std::int64_t>{0, 0, 250, 1500});
  CHECK(summary.total.sent == 4);
  REQUIRE(rig.windows.size() == 2);
  CHECK(rig.windows[0].intended == 3);
  CHECK(rig.windows[0].target_rate == Approx(3));
}

TEST_CASE("url unit: outcomes in load terms", "[load][url_unit]") {
  probe::Check check = LoadCheck("http://shop.test/cart", "HEAD", {"X-Test: 1"}, Duration(2000));
  CHECK(check.http.reuse);
  CHECK(check.http.method == "HEAD");
  CHECK(check.timeout == Duration(2000));
  probe::ProbeResult r;
  r.ok = true;
  r.status = 503;
  r.total_ms = 12.5;
  r.bytes = 42;
  r.phases = probe::Phases{};
  r.phases->ttfb_ms = 7.25;
  MicroTime intended{microseconds(1'000'000)};
  MicroTime sent{microseconds(1'003'000)};
  RequestOutcome o = OutcomeFromResult(r, check, 9, intended, sent);
  CHECK(o.seq == 9);
  CHECK(o.method == "HEAD");
  CHECK(o.url == "http://shop.test/cart");
  CHECK(o.first_byte == sent + microseconds(7250));
  CHECK(o.done == sent + microseconds(12'500));
  CHECK(o.status == 503);
  CHECK(o.bytes == 42);
  CHECK(o.error_class == ErrorClass::k5xx);
}

TEST_CASE("url unit: error classes from the engine's words and the status", "[load][url_unit]") {
  CHECK(ClassifyError("", 200L) == ErrorClass::kNone);
  CHECK(ClassifyError("", 302L) == ErrorClass::kNone);
  CHECK(ClassifyError("", 404L) == ErrorClass::k4xx);
  CHECK(ClassifyError("", 500L) == ErrorClass::k5xx);
  CHECK(ClassifyError("timeout after 2000 ms in waiting for the response", std::nullopt) == ErrorClass::kTimeout);
  CHECK(ClassifyError("connection refused", std::nullopt) == ErrorClass::kConnect);
  CHECK(ClassifyError("network is unreachable", std::nullopt) == ErrorClass::kConnect);
  CHECK(ClassifyError("DNS: could not resolve host: shop.test", std::nullopt) == ErrorClass::kConnect);
  CHECK(ClassifyError("connection reset by peer", std::nullopt) == ErrorClass::kReset);
  CHECK(ClassifyError("empty reply from server", std::nullopt) == ErrorClass::kReset);
  CHECK(ClassifyError("TLS handshake failed: bad record", std::nullopt) == ErrorClass::kOther);
  CHECK(ClassifyError("body does not match /ok/", 500L) == ErrorClass::k5xx);
}

}  // namespace
}  // namespace evt::load

namespace evt::load {
namespace {

// A runner with nothing to run: Poll waits as the engine would, so what is
// measured is the driver's own pacing.
class IdleRunner final : public probe::ProbeRunner {
 public:
  void Start(const probe::Check&, Done) override {}
  std::size_t Poll(std::chrono::milliseconds max_wait) override {
    std::this_thread::sleep_for(max_wait);
    return 0;
  }
};

class InstantUnit final : public LoadUnit {
 public:
  void Start(std::int64_t, MicroTime, MicroTime, std::function<void(RequestOutcome)>,
             std::function<void()> finished) override {
    finished();
  }
};

// Times the engine's calls, to say where a send's time goes.
class TimedRunner final : public probe::ProbeRunner {
 public:
  explicit TimedRunner(probe::ProbeRunner& inner) : inner_(inner) {}
  void Start(const probe::Check& check, Done done) override {
    auto t0 = std::chrono::steady_clock::now();
    inner_.Start(check, std::move(done));
    start_us += std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    ++starts;
  }
  std::size_t Poll(std::chrono::milliseconds max_wait) override {
    auto t0 = std::chrono::steady_clock::now();
    std::size_t n = inner_.Poll(max_wait);
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    if (max_wait.count() == 0) {
      zero_poll_us += us;
      ++zero_polls;
      zero_poll.Record(static_cast<std::int64_t>(us));
    } else {
      waiting_poll.Record(static_cast<std::int64_t>(us));
    }
    return n;
  }
  double start_us = 0, zero_poll_us = 0;
  LatencyHistogram zero_poll, waiting_poll;
  std::int64_t starts = 0, zero_polls = 0;

 private:
  probe::ProbeRunner& inner_;
};

void ReportPacing(const char* what, double rate, const OpenLoopSummary& s) {
  std::cout << "pacing " << what << " at " << rate << "/s: achieved " << s.total.achieved_rate() << "/s ("
            << (s.total.achieved_rate() / rate - 1) * 100 << " %), slip p50 " << s.total.slip.ValueAtPercentile(50)
            << " µs, p99 " << s.total.slip.ValueAtPercentile(99) << " µs, p99.9 " << s.total.slip.ValueAtPercentile(99.9)
            << " µs, max " << s.total.slip.max() << " µs, slipped >1 ms " << s.total.slipped << " of " << s.total.sent
            << "\n";
}

// Real time: a measurement, not run by ctest ([.]); run it with
//   build/tests/evt_load_unit_tests '[pacing]'
// (and EVT_LOAD_PACING_URL=http://127.0.0.1:PORT/ for the curl engine).
TEST_CASE("open loop: pacing on the machine's clock", "[.][pacing]") {
  SystemLoadClock clock;
  for (double rate : {1000.0, 5000.0, 20000.0}) {
    IdleRunner runner;
    InstantUnit unit;
    OpenLoopDriver driver(runner, clock, unit, Arrivals(LoadProfile::Constant(rate, 2), 0), WithMaxInFlight(1000));
    OpenLoopSummary s = driver.Run();
    ReportPacing("idle runner", rate, s);
    CHECK(s.total.slip.ValueAtPercentile(99) < 1000);
  }
  const char* url = std::getenv("EVT_LOAD_PACING_URL");
  if (url == nullptr) return;
  SystemClock system;
  for (double rate : {1000.0, 5000.0, 20000.0}) {
    probe::ProbeEngine real(system, 1000);
    TimedRunner engine(real);
    UrlUnit unit(engine, LoadCheck(url, "GET", {}, Duration(5000)));
    OpenLoopDriver driver(engine, clock, unit, Arrivals(LoadProfile::Constant(rate, 2), 0), WithMaxInFlight(1000));
    std::int64_t errors = 0;
    driver.on_outcome = [&](const RequestOutcome& o) { errors += o.error_class != ErrorClass::kNone; };
    OpenLoopSummary s = driver.Run();
    ReportPacing("curl engine", rate, s);
    std::cout << "  errors " << errors << ", corrected p99 " << s.total.corrected.ValueAtPercentile(99)
              << " µs, uncorrected p99 " << s.total.uncorrected.ValueAtPercentile(99) << " µs; engine Start "
              << engine.start_us / static_cast<double>(std::max<std::int64_t>(engine.starts, 1)) << " µs, Poll(0) "
              << engine.zero_poll_us / static_cast<double>(std::max<std::int64_t>(engine.zero_polls, 1))
              << " µs on average (p50 " << engine.zero_poll.ValueAtPercentile(50) << ", p99 "
              << engine.zero_poll.ValueAtPercentile(99) << "), " << engine.waiting_poll.count() << " waiting polls\n";
  }
}

}  // namespace
}  // namespace evt::load
