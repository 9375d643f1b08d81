// A virtual buyer as a unit of load, on a fake runner: every request a step
// sent is reported with its step and buyer, the first timed from the
// schedule; a cleanup that failed counts as left behind, one skipped
// because the cart was never opened does not.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "common/json_parse.h"
#include "common/process_state.h"
#include "engine/flow/flow_file.h"
#include "tests/unit/fake_probe_runner.h"
#include "tools/load/flow_unit.h"

namespace evt::load {
namespace {

using probe::testing::FakeProbeRunner;

probe::Flow BuyFlow() {
  Result<Value> doc = ParseJson(R"({"name": "buy", "variables": {"base": "http://shop.test"},
    "steps": [
      {"name": "cart", "method": "POST", "url": "{base}/cart/{run}", "capture": {"cart_id": {"json": "/id"}}},
      {"name": "pay", "method": "POST", "url": "{base}/pay/{cart_id}"},
      {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true}]})",
                                "buy.json");
  REQUIRE(doc.ok());
  Result<probe::Flow> flow = probe::ParseFlow(*doc, ConfigOrigin{"buy.json", "/tmp"});
  REQUIRE(flow.ok());
  return *flow;
}

struct Buyers {
  Buyers() { ResetProcessStateForTesting(); }
  ~Buyers() { ResetProcessStateForTesting(); }
  ManualClock clock;
  FakeProbeRunner runner{clock, Duration(3'600'000)};
  std::vector<RequestOutcome> outcomes;
  int finished = 0;

  void Run(FlowUnit& unit, std::int64_t buyers) {
    const MicroTime intended{std::chrono::seconds(1'000'000)};
    for (std::int64_t seq = 1; seq <= buyers; ++seq)
      unit.Start(seq, intended, intended + std::chrono::milliseconds(2),
                 [this](RequestOutcome o) { outcomes.push_back(std::move(o)); }, [this] { ++finished; });
    for (int i = 0; i < 1000 && finished < buyers; ++i) runner.Poll(Duration(50));
  }
};

TEST_CASE("flow unit: each step's request is reported with its step and buyer, the first from the schedule",
          "[load][flow]") {
  Buyers b;
  b.runner.answer = [](const probe::Check& check, probe::ProbeResult& r) {
    if (check.http.url.find("/cart/") != std::string::npos && check.http.method == "POST") {
      r.status = 201;
      r.body = R"({"id": "c-1"})";
    } else {
      r.status = 200;
    }
  };
  probe::Flow flow = BuyFlow();
  FlowUnit unit(flow, b.runner, b.clock);
  b.Run(unit, 3);
  REQUIRE(b.finished == 3);
  REQUIRE(b.outcomes.size() == 9);
  std::map<std::string, int> per_step;
  for (const RequestOutcome& o : b.outcomes) {
    ++per_step[o.step];
    CHECK(o.error_class == ErrorClass::kNone);
    CHECK(o.buyer == o.seq);
    // The buyer's first request waited 2 ms on the schedule before it left.
    if (o.step == "cart") CHECK(o.corrected_ms() >= o.uncorrected_ms() + 2.0);
    if (o.step != "cart") CHECK(o.corrected_ms() == o.uncorrected_ms());
  }
  CHECK(per_step == std::map<std::string, int>{{"cancel", 3}, {"cart", 3}, {"pay", 3}});
  CHECK(unit.buyers_ok() == 3);
  CHECK(unit.cleanup_failures() == 0);
}

TEST_CASE("flow unit: a failed cleanup is left behind, a skipped one (no cart) is not", "[load][flow]") {
  Buyers b;
  b.runner.answer = [](const probe::Check& check, probe::ProbeResult& r) {
    const std::string& url = check.http.url;
    if (url == "http://shop.test/cart/1") {  // buyer 1: no cart, so nothing to cancel
      r.ok = false;
      r.status = 503;
      r.error = "expected status 2xx, got 503";
      return;
    }
    if (check.http.method == "POST" && url.find("/cart/") != std::string::npos) {
      r.status = 201;
      r.body = R"({"id": "c-2"})";
      return;
    }
    if (check.http.method == "DELETE") {  // buyer 2: the cancel itself fails
      r.ok = false;
      r.status = 500;
      r.error = "expected status 2xx, got 500";
      return;
    }
    r.status = 200;
  };
  probe::Flow flow = BuyFlow();
  FlowUnit unit(flow, b.runner, b.clock);
  b.Run(unit, 2);
  REQUIRE(b.finished == 2);
  CHECK(unit.buyers_failed() == 2);
  CHECK(unit.cleanup_failures() == 1);
  std::map<std::string, ErrorClass> classes;
  for (const RequestOutcome& o : b.outcomes) classes[std::to_string(o.buyer) + " " + o.step] = o.error_class;
  CHECK(classes == std::map<std::string, ErrorClass>{{"1 cart", ErrorClass::k5xx},
                                                      {"2 cart", ErrorClass::kNone},
                                                      {"2 pay", ErrorClass::kNone},
                                                      {"2 cancel", ErrorClass::k5xx}});
}

}  // namespace
}  // namespace evt::load
