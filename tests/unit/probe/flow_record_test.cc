#include <catch2/catch.hpp>

#include "engine/flow/flow_result.h"
#include "tools/probe/flow_record.h"

namespace evt::probe {
namespace {

TEST_CASE("flow record: failed step, skipped and cleanup steps, phases") {
  FlowResult r;
  r.target = "checkout";
  r.flow = "buy";
  r.run = 3;
  r.ok = false;
  r.failed_step = "pay";
  r.error = "expected status 2xx, got 502";
  r.total_ms = 12.3456;
  StepResult pay;
  pay.name = "pay";
  pay.method = "POST";
  pay.url = "http://x/pay";
  pay.outcome = StepOutcome::kFailed;
  pay.error = r.error;
  pay.probe = ProbeResult{};
  pay.probe->status = 502;
  pay.probe->phases = Phases{};
  StepResult cancel;
  cancel.name = "cancel";
  cancel.method = "DELETE";
  cancel.url = "http://x/cart/{cart_id}";
  cancel.always = true;
  cancel.error = "needs {cart_id}, which no step of this run captured";
  r.steps = {pay, cancel};
  Value record = FlowRecord(r);
  CHECK(record.find("kind")->as_string() == "flow");
  CHECK(record.find("failed_step")->as_string() == "pay");
  CHECK(record.find("total_ms")->as_double() == 12.346);
  const Array& steps = record.find("steps")->as_array();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].find("status")->as_int() == 502);
  CHECK(steps[0].find("phases")->find("ttfb_ms") != nullptr);
  CHECK(steps[1].find("outcome")->as_string() == "skipped");
  CHECK(steps[1].find("status") == nullptr);
  CHECK(steps[1].find("seq")->as_int() == 2);
}

}  // namespace
}  // namespace evt::probe
