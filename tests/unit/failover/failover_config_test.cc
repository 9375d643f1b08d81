#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "common/config.h"
#include "tools/failover/failover_config.h"

using namespace evt;
using namespace evt::failover;

namespace {

// A private folder with an event.json; removed at the end of the test.
struct ConfigDir {
  ConfigDir() {
    char pattern[] = "/tmp/evt-failover-config-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~ConfigDir() { std::system(("rm -rf '" + dir + "'").c_str()); }
  std::string Write(const std::string& failover, const std::string& extra_targets = "") {
    std::ofstream(dir + "/event.json")
        << R"({"site": {"name": "t"}, "probe": {"targets": {)"
        << R"("uplink": {"check": "tcp", "address": "127.0.0.1:1"}, "slice": {"check": "tcp", "address": "127.0.0.1:2"})"
        << extra_targets << "}}, \"failover\": " << failover << "}";
    return dir + "/event.json";
  }
  Result<FailoverConfig> Read(const std::string& failover) {
    Result<Config> config = LoadConfig(Write(failover));
    if (!config.ok()) return config.status();
    return ReadFailoverConfig(*config);
  }
  std::string dir;
};

std::string Refusal(ConfigDir& dir, const std::string& failover) {
  Result<FailoverConfig> c = dir.Read(failover);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == ExitCode::kConfig);
  return c.status().message();
}

}  // namespace

TEST_CASE("failover config: the documented shape reads with its defaults") {
  ConfigDir dir;
  std::ofstream(dir.dir + "/up.tmpl") << "upstream {{upstream}};\n";
  Result<FailoverConfig> c = dir.Read(R"({"fast_interval": "250ms", "failback_after": "20s",
    "damping": {"penalty": 1000, "half_life": "60s", "suppress": 2000, "reuse": 750, "max_suppress": "10m"},
    "paths": [
      {"name": "primary", "targets": ["uplink"], "reliability": 1, "rise": 3, "fall": 2,
       "vars": {"upstream": "edge:443"},
       "degraded": {"raise": {"loss": 0.2, "p95_ms": 800}, "clear": {"loss": 0.05, "p95_ms": 400}},
       "on_activate": [{"template": "up.tmpl", "write": "out.conf", "then": ["true"]}],
       "on_down": [{"run": ["sh", "-c", "exit 0"], "timeout": "2s", "retries": 1}]},
      {"name": "5g", "targets": ["slice"]},
      {"name": "local", "always_up": true}]})");
  REQUIRE(c.ok());
  const FailoverSpec& s = c->spec;
  CHECK(s.fast_interval == Duration(250));
  CHECK(s.failback_after == Duration(20000));
  REQUIRE(s.damping);
  CHECK(s.damping->reuse == 750);
  REQUIRE(s.paths.size() == 3);
  CHECK(s.paths[0].vars.at("upstream") == "edge:443");
  REQUIRE(s.paths[0].degraded);
  CHECK(s.paths[0].degraded->clear.p95_ms == 400);
  REQUIRE(s.paths[0].on_activate.size() == 1);
  CHECK(s.paths[0].on_activate[0].write == dir.dir + "/out.conf");
  CHECK(s.paths[0].on_down[0].retries == 1);
  CHECK(s.paths[1].rise == 3);
  CHECK(s.paths[1].fall == 2);
  CHECK(s.paths[2].always_up);
  CHECK(c->targets.size() == 2);
}

TEST_CASE("failover config: mistakes are refused with the JSON pointer, exit 78") {
  ConfigDir dir;
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplnk"]}]})")
            .find("/failover/paths/0/targets/0: no target \"uplnk\" in /probe/targets") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"], "rise": 0}]})")
            .find("/failover/paths/0/rise: expected 1 to 1000, got 0") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"]}, {"name": "p", "targets": ["slice"]}]})")
            .find("/failover/paths/1/name: duplicate path name \"p\" (also /failover/paths/0/name)") !=
        std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"],
                          "on_up": [{"run": ["no-such-program-evt"]}]}]})")
            .find("/failover/paths/0/on_up/0/run/0: program \"no-such-program-evt\" not found on PATH") !=
        std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"], "reliability": 2}]})")
            .find("/failover/paths/0/reliability") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p"}]})").find("/failover/paths/0/targets") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "l", "always_up": true, "targets": ["uplink"]}]})")
            .find("/failover/paths/0/targets: an always_up path has no targets") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": []})").find("/failover/paths: expected at least one path") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "l", "always_up": true, "colour": 1}]})")
            .find("/failover/paths/0/colour: unknown key") != std::string::npos);
  CHECK(Refusal(dir, R"({"damping": {"suppress": 500, "reuse": 750}, "paths": [{"name": "l", "always_up": true}]})")
            .find("/failover/damping/reuse: must be under suppress") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"],
      "degraded": {"raise": {"loss": 0.1}, "clear": {"loss": 0.2}}}]})")
            .find("/failover/paths/0/degraded/clear") != std::string::npos);
  CHECK(Refusal(dir, R"({"paths": [{"name": "p", "targets": ["uplink"],
      "on_activate": [{"template": "missing.tmpl", "write": "x"}]}]})")
            .find("/failover/paths/0/on_activate/0/template: cannot read") != std::string::npos);
}
