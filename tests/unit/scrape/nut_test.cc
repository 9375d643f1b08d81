#include <catch2/catch.hpp>

#include "tools/scrape/nut.h"

namespace evt::scrape {
namespace {

constexpr std::string_view kReply =
    "BEGIN LIST VAR kit1\n"
    "VAR kit1 battery.charge \"87\"\n"
    "VAR kit1 battery.runtime \"1800\"\n"
    "VAR kit1 ups.load \"23.5\"\n"
    "VAR kit1 ups.status \"OB DISCHRG\"\n"
    "VAR kit1 input.voltage \"230.1\"\n"
    "VAR kit1 device.mfr \"Eaton \\\"Pro\\\"\"\n"
    "END LIST VAR kit1\n";

TEST_CASE("scrape nut: LIST VAR replies, quoted values with escapes") {
  Result<NutVars> vars = ParseNutListVar(kReply, "kit1");
  REQUIRE(vars.ok());
  REQUIRE(vars->size() == 6);
  CHECK((*vars)[0] == std::pair<std::string, std::string>{"battery.charge", "87"});
  CHECK((*vars)[5].second == "Eaton \"Pro\"");
}

TEST_CASE("scrape nut: metrics with percentages as ratios and status flags") {
  Result<NutVars> vars = ParseNutListVar(kReply, "kit1");
  REQUIRE(vars.ok());
  std::vector<NutMetric> metrics = NutMetrics(*vars, "kit1");
  auto find = [&](std::string_view name, std::string_view flag = "") -> const NutMetric* {
    for (const NutMetric& m : metrics) {
      if (m.name != name) continue;
      if (flag.empty() || (m.labels.size() == 2 && m.labels[1].second == flag)) return &m;
    }
    return nullptr;
  };
  REQUIRE(find("nut_battery_charge"));
  CHECK(find("nut_battery_charge")->value == Approx(0.87));
  CHECK(find("nut_battery_charge")->labels == Labels{{"ups", "kit1"}});
  CHECK(find("nut_battery_runtime")->value == 1800);
  CHECK(find("nut_ups_load")->value == Approx(0.235));
  CHECK(find("nut_input_voltage")->value == Approx(230.1));
  CHECK(find("nut_ups_status", "OB")->value == 1);
  CHECK(find("nut_ups_status", "DISCHRG")->value == 1);
  CHECK(find("nut_ups_status", "OL")->value == 0);
  CHECK(find("nut_ups_status", "LB")->value == 0);
  CHECK_FALSE(find("nut_device_mfr"));
}

TEST_CASE("scrape nut: errors and truncated replies") {
  Result<NutVars> unknown = ParseNutListVar("ERR UNKNOWN-UPS\n", "kit9");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "upsd answered ERR UNKNOWN-UPS for ups kit9");
  Result<NutVars> cut = ParseNutListVar("BEGIN LIST VAR kit1\nVAR kit1 battery.charge \"87\"\n", "kit1");
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().message() == "NUT reply for ups kit1 ended before END LIST VAR");
  Result<NutVars> garbled = ParseNutListVar("BEGIN LIST VAR kit1\nVAR kit1 battery.charge 87\nEND LIST VAR kit1\n", "kit1");
  REQUIRE_FALSE(garbled.ok());
  CHECK(garbled.status().message() == "NUT reply line 2: expected a quoted value");
}

TEST_CASE("scrape nut: a server that cannot be reached is unavailable") {
  // Port 1 on loopback: nothing listens there in a test environment.
  Result<NutVars> vars = FetchNutVars("127.0.0.1", 1, "kit1", std::chrono::milliseconds(2000));
  REQUIRE_FALSE(vars.ok());
  CHECK(vars.status().code() == ExitCode::kUnavailable);
  CHECK_THAT(vars.status().message(), Catch::StartsWith("upsd 127.0.0.1:1: cannot connect"));
}

TEST_CASE("scrape nut: names a Prometheus name cannot hold are sanitised") {
  NutVars vars = {{"ups.test{x=\"1\"}", "3"}, {"input.voltage-L1", "230"}, {"9.odd", "1"}};
  std::vector<NutMetric> metrics = NutMetrics(vars, "kit1");
  REQUIRE(metrics.size() == 3);
  CHECK(metrics[0].name == "nut_ups_test_x__1__");
  CHECK(metrics[1].name == "nut_input_voltage_L1");
  CHECK(metrics[2].name == "nut_9_odd");
}

TEST_CASE("scrape nut: a status flag that is not UTF-8 is made so") {
  std::vector<NutMetric> metrics = NutMetrics({{"ups.status", "OL \xFFX"}}, "kit1");
  REQUIRE_FALSE(metrics.empty());
  CHECK(metrics[1].labels == Labels{{"ups", "kit1"}, {"flag", "\xEF\xBF\xBDX"}});
}

TEST_CASE("scrape nut: percentages outside 0..100, NaN and infinities are kept and reported") {
  NutVars vars = {{"battery.charge", "140"}, {"ups.load", "-5"}, {"input.voltage", "NaN"},
                  {"battery.runtime", "-Inf"}, {"ups.efficiency", "97"}, {"battery.charge.low", "0"},
                  {"ups.realpower", "400"}};
  std::vector<std::string> problems;
  std::vector<NutMetric> metrics = NutMetrics(vars, "kit1", &problems);
  CHECK(metrics.size() == 7);
  CHECK(metrics[0].value == Approx(1.4));
  CHECK(problems == std::vector<std::string>{"battery.charge: 140 is outside 0..100 for a percentage",
                                             "ups.load: -5 is outside 0..100 for a percentage",
                                             "input.voltage: \"NaN\" is not a finite number",
                                             "battery.runtime: \"-Inf\" is not a finite number"});
}

}  // namespace
}  // namespace evt::scrape
