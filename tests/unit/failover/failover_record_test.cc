// The failover record's numbers: milliseconds to the microsecond, printed
// as the decimals they are.
#include <catch2/catch.hpp>

#include "common/json_writer.h"
#include "tools/failover/failover_record.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;

TEST_CASE("failover record: rounded durations print without binary noise") {
  Event e;
  e.type = EventType::kDown;
  e.path = "primary";
  e.at = testing::At(0);
  e.penalty = 2965.4999;
  ActionReport a{"on_down", "primary", "notify", true, 1, 10.2450004, ""};
  Result<std::string> json = ToJson(FailoverRecord(e, "primary", {a}, testing::At(0)));
  REQUIRE(json.ok());
  CHECK(json->find("\"duration_ms\":10.245}") != std::string::npos);
  CHECK(json->find("\"actions_ms\":10.245,") != std::string::npos);
  CHECK(json->find("\"penalty\":2965.5") != std::string::npos);
}
