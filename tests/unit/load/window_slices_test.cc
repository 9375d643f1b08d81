#include <catch2/catch.hpp>

#include "tools/load/load_window.h"

namespace evt::load {
namespace {

using namespace std::chrono_literals;

RequestOutcome Outcome(std::optional<long> status, ErrorClass error, std::string step, std::chrono::milliseconds ms) {
  RequestOutcome o;
  o.intended = MicroTime(std::chrono::seconds(1'800'000'000));
  o.sent = o.intended;
  o.done = o.intended + ms;
  o.status = status;
  o.error_class = error;
  o.step = std::move(step);
  return o;
}

TEST_CASE("window slices: the class is the status's hundred, else the error class") {
  CHECK(StatusClassOf(Outcome(200, ErrorClass::kNone, "", 1ms)) == "2xx");
  CHECK(StatusClassOf(Outcome(302, ErrorClass::kNone, "", 1ms)) == "3xx");
  CHECK(StatusClassOf(Outcome(404, ErrorClass::k4xx, "", 1ms)) == "4xx");
  CHECK(StatusClassOf(Outcome(503, ErrorClass::k5xx, "", 1ms)) == "5xx");
  CHECK(StatusClassOf(Outcome(std::nullopt, ErrorClass::kTimeout, "", 1ms)) == "timeout");
  CHECK(StatusClassOf(Outcome(std::nullopt, ErrorClass::kReset, "", 1ms)) == "reset");
  CHECK(StatusClassOf(Outcome(700, ErrorClass::kOther, "", 1ms)) == "other");
  CHECK(StatusClassOf(Outcome(std::nullopt, ErrorClass::kNone, "", 1ms)) == "other");
}

TEST_CASE("window slices: a window's Add fills them by class and step, and Merge sums them") {
  LoadWindow a;
  a.Add(Outcome(201, ErrorClass::kNone, "cart", 10ms));
  a.Add(Outcome(502, ErrorClass::k5xx, "pay", 30ms));
  a.Add(Outcome(200, ErrorClass::kNone, "", 5ms));  // outside a flow: a class, no step
  CHECK(a.slices.by_class.at("2xx").latency.count() == 2);
  CHECK(a.slices.by_class.at("5xx").errors == 1);
  CHECK(a.slices.by_step.size() == 2);
  CHECK(a.slices.by_step.at("pay").latency.max() == 30'000);

  LoadWindow b;
  b.Add(Outcome(std::nullopt, ErrorClass::kTimeout, "pay", 2000ms));
  a.Merge(b);
  const LatencySlice& pay = a.slices.by_step.at("pay");
  CHECK(pay.latency.count() == 2);
  CHECK(pay.errors == 2);
  CHECK(pay.latency.max() == 2'000'000);
  CHECK(a.slices.by_class.at("timeout").latency.count() == 1);
  CHECK(a.slices.by_step.at("cart").errors == 0);
}

}  // namespace
}  // namespace evt::load
