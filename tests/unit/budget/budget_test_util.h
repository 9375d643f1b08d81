// Helpers for evt-budget's unit tests: a config from JSON text, times.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "common/config.h"
#include "common/time_format.h"
#include "tools/budget/budget_config.h"

namespace evt::budget::testing {

inline TimePoint At(const char* text) {
  Result<TimePoint> t = ParseRfc3339(text);
  REQUIRE(t.ok());
  return *t;
}

inline constexpr const char* kTwelveHourSite =
    R"({"name": "t", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"})";

// The `budget` section `budget_json` under `site_json` (by default a 12-hour
// event), read as the tool reads it.
inline Result<BudgetConfig> ConfigFrom(const std::string& budget_json, const std::string& site_json = kTwelveHourSite) {
  char path[] = "/tmp/evt-budget-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path);
    out << R"({"site": )" << site_json << R"(, "budget": )" << budget_json << "}";
  }
  Result<Config> config = LoadConfig(path);
  std::remove(path);
  if (!config.ok()) return config.status();
  return ReadBudgetConfig(*config);
}

inline BudgetConfig MustConfig(const std::string& budget_json, const std::string& site_json = kTwelveHourSite) {
  Result<BudgetConfig> c = ConfigFrom(budget_json, site_json);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *c;
}

}  // namespace evt::budget::testing
