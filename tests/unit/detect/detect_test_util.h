// Helpers for evt-detect's unit tests: a config folder with a detect
// section, and probe records as evt-probe writes them.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "common/config.h"
#include "tools/detect/detect_config.h"

namespace evt::detect::testing {

// A private folder with an event.json; removed at the end of the test.
struct ConfigDir {
  ConfigDir() {
    char pattern[] = "/tmp/evt-detect-test-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~ConfigDir() { std::system(("rm -rf '" + dir + "'").c_str()); }
  ConfigDir(const ConfigDir&) = delete;
  ConfigDir& operator=(const ConfigDir&) = delete;

  Result<DetectSection> Read(const std::string& detect) {
    std::ofstream(dir + "/event.json") << R"({"site": {"name": "t"}, "detect": )" << detect << "}";
    Result<Config> config = LoadConfig(dir + "/event.json");
    if (!config.ok()) return config.status();
    return ReadDetectSection(*config);
  }
  std::string dir;
};

inline std::string ProbeTs(int second) {
  char ts[40];
  std::snprintf(ts, sizeof ts, "2026-12-05T10:%02d:%02d.000Z", (second / 60) % 60, second % 60);
  return ts;
}

}  // namespace evt::detect::testing
