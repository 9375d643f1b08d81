#include <catch2/catch.hpp>

#include "runbook_test_util.h"

using namespace evt::runbook;
using namespace evt::runbook::testing;

TEST_CASE("runbook lib evt_money: minor units shown in the currency's major units", "[runbook]") {
  TestRun test;
  test.lib_dirs = {std::string(EVT_SOURCE_DIR) + "/runbooks/lib"};
  test.source = Body(R"(
    local money = require("evt_money")
    local cases = {
      {250, "EUR", "2.50 EUR"}, {0.06, "EUR", "0.0006 EUR"}, {1, "EUR", "0.01 EUR"}, {0, "EUR", "0.00 EUR"},
      {0.000001, "EUR", "0.00000001 EUR"}, {1500, "JPY", "1500 JPY"}, {0.5, "JPY", "0.5 JPY"},
      {1234, "KWD", "1.234 KWD"}, {-250, "EUR", "-2.50 EUR"}}
    for _, c in ipairs(cases) do
      local got = money.format(c[1], c[2])
      if got ~= c[3] then error(c[1] .. " " .. c[2] .. ": expected " .. c[3] .. ", got " .. got) end
    end)");
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  INFO(r.status.message());
}
