#include "tools/load/load_window.h"

#include <chrono>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "tools/load/request_outcome.h"

namespace evt::load {
namespace {

using std::chrono::microseconds;

const MicroTime kStart{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};

RequestOutcome Outcome(std::int64_t sent_us, std::int64_t done_us, ErrorClass error = ErrorClass::kNone) {
  RequestOutcome o;
  o.intended = kStart;
  o.sent = kStart + microseconds(sent_us);
  o.done = kStart + microseconds(done_us);
  o.error_class = error;
  return o;
}

LoadWindow Window(MicroTime start, double seconds, double target_rate, std::int64_t sent, std::int64_t in_flight) {
  LoadWindow w;
  w.start = start;
  w.seconds = seconds;
  w.target_rate = target_rate;
  w.intended = sent;
  w.sent = sent;
  w.in_flight = in_flight;
  return w;
}

}  // namespace

TEST_CASE("request outcome: error classes are named as windows count them") {
  CHECK(std::string(ErrorClassName(ErrorClass::kNone)).empty());
  CHECK(std::string(ErrorClassName(ErrorClass::k4xx)) == "4xx");
  CHECK(std::string(ErrorClassName(ErrorClass::k5xx)) == "5xx");
  CHECK(std::string(ErrorClassName(ErrorClass::kTimeout)) == "timeout");
  CHECK(std::string(ErrorClassName(ErrorClass::kConnect)) == "connect");
  CHECK(std::string(ErrorClassName(ErrorClass::kReset)) == "reset");
  CHECK(std::string(ErrorClassName(ErrorClass::kOther)) == "other");
}

TEST_CASE("request outcome: corrected latency runs from the schedule, uncorrected from the send") {
  RequestOutcome late = Outcome(3'000, 10'500);
  CHECK(late.corrected_ms() == Approx(10.5));
  CHECK(late.uncorrected_ms() == Approx(7.5));
  CHECK(late.slip_ms() == Approx(3.0));

  RequestOutcome on_time = Outcome(0, 250);
  CHECK(on_time.corrected_ms() == on_time.uncorrected_ms());
  CHECK(on_time.slip_ms() == 0.0);

  RequestOutcome early = Outcome(-40, 250);  // a sender a hair ahead of its schedule has not slipped
  CHECK(early.slip_ms() == 0.0);
  CHECK(early.uncorrected_ms() == Approx(0.29));
}

TEST_CASE("load window: a completion counts once, both latencies in microseconds, not the slip") {
  LoadWindow w;
  w.Add(Outcome(3'000, 10'500));
  CHECK(w.completed == 1);
  CHECK(w.corrected.count() == 1);
  CHECK(w.corrected.max() == 10'500);
  CHECK(w.uncorrected.max() == 7'500);
  CHECK(w.slipped == 0);  // the sender records the slip, in the window of the send
  CHECK(w.slip.count() == 0);
  CHECK(w.sent == 0);
  CHECK(w.error_count() == 0);
  for (std::int64_t e : w.errors) CHECK(e == 0);
}

TEST_CASE("load window: errors are counted by class, and an answered request is not one") {
  LoadWindow w;
  w.Add(Outcome(0, 1'000));
  w.Add(Outcome(0, 2'000, ErrorClass::k5xx));
  w.Add(Outcome(0, 5'000'000, ErrorClass::kTimeout));
  w.Add(Outcome(0, 3'000, ErrorClass::k5xx));
  CHECK(w.completed == 4);
  CHECK(w.errors[static_cast<std::size_t>(ErrorClass::k5xx)] == 2);
  CHECK(w.errors[static_cast<std::size_t>(ErrorClass::kTimeout)] == 1);
  CHECK(w.errors[static_cast<std::size_t>(ErrorClass::kNone)] == 0);
  CHECK(w.error_count() == 3);
  CHECK(w.corrected.count() == 4);  // a failed request took its time too
  CHECK(w.corrected.max() == 5'000'000);
}

TEST_CASE("load window: achieved rate is what was sent over the window's length") {
  LoadWindow full = Window(kStart, 1.0, 1000, 998, 0);
  CHECK(full.achieved_rate() == Approx(998));
  LoadWindow last = Window(kStart, 0.25, 1000, 250, 0);  // the run's last, shorter window
  CHECK(last.achieved_rate() == Approx(1000));
  LoadWindow none = Window(kStart, 0, 0, 0, 0);
  CHECK(none.achieved_rate() == 0);
}

TEST_CASE("load window: consecutive seconds merge into the run's whole") {
  LoadWindow first = Window(kStart, 1.0, 1000, 1000, 7);
  first.Add(Outcome(0, 2'000));
  first.slipped = 3;
  first.slip.Record(4'000);
  first.held_back = 1;
  LoadWindow second = Window(kStart + std::chrono::seconds(1), 1.0, 2000, 1990, 12);
  second.Add(Outcome(0, 900'000, ErrorClass::kReset));
  LoadWindow last = Window(kStart + std::chrono::seconds(2), 0.5, 2000, 1000, 0);

  LoadWindow run;  // the empty accumulator
  run.Merge(second);
  run.Merge(first);  // order does not matter: the earlier start is kept
  run.Merge(last);
  CHECK(run.start == kStart);
  CHECK(run.seconds == Approx(2.5));
  CHECK(run.target_rate == Approx((1000 + 2000 + 1000) / 2.5));
  CHECK(run.sent == 3990);
  CHECK(run.intended == 3990);
  CHECK(run.achieved_rate() == Approx(3990 / 2.5));
  CHECK(run.in_flight == 0);  // at the end of the last window
  CHECK(run.completed == 2);
  CHECK(run.slipped == 3);
  CHECK(run.slip.max() == 4'000);
  CHECK(run.held_back == 1);
  CHECK(run.error_count() == 1);
  CHECK(run.errors[static_cast<std::size_t>(ErrorClass::kReset)] == 1);
  CHECK(run.corrected.count() == 2);
  CHECK(run.corrected.min() == 2'000);
  CHECK(run.corrected.max() == 900'000);
  CHECK(run.uncorrected.count() == 2);
}

TEST_CASE("load window: the same second from two senders stays one second") {
  LoadWindow a = Window(kStart, 1.0, 500, 500, 3);
  LoadWindow b = Window(kStart, 1.0, 700, 690, 4);
  a.Merge(b);
  CHECK(a.seconds == Approx(1.0));
  CHECK(a.target_rate == Approx(1200));
  CHECK(a.achieved_rate() == Approx(1190));
  CHECK(a.in_flight == 7);
}

TEST_CASE("load window: the empty accumulator copies a window and adds nothing to one") {
  LoadWindow w = Window(kStart, 1.0, 100, 100, 2);
  w.Add(Outcome(0, 1'234));
  LoadWindow copy;
  copy.Merge(w);
  CHECK(copy.start == w.start);
  CHECK(copy.seconds == w.seconds);
  CHECK(copy.target_rate == w.target_rate);
  CHECK(copy.in_flight == 2);
  CHECK(copy.completed == 1);
  CHECK(copy.corrected.max() == 1'234);

  w.Merge(LoadWindow{});  // its start at the epoch must not stretch the span back to 1970
  CHECK(w.start == kStart);
  CHECK(w.seconds == 1.0);
  CHECK(w.target_rate == 100);
  CHECK(w.in_flight == 2);
  CHECK(w.completed == 1);
}

}  // namespace evt::load
