#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "common/config.h"
#include "tools/failover/failover_config.h"

using namespace evt;
using namespace evt::failover;

namespace {

struct RouteConfigDir {
  RouteConfigDir() {
    char pattern[] = "/tmp/evt-route-config-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~RouteConfigDir() { std::system(("rm -rf '" + dir + "'").c_str()); }
  Result<FailoverConfig> Read(const std::string& routes, const std::string& modes = "") {
    std::ofstream(dir + "/event.json")
        << R"({"site": {"name": "t"}, "probe": {"targets": {)"
        << R"("uplink": {"check": "tcp", "address": "127.0.0.1:1"}, "cache-health": {"check": "tcp", "address": "127.0.0.1:2"}}},)"
        << R"("failover": {"paths": [{"name": "primary", "targets": ["uplink"]}, {"name": "local", "always_up": true}],)"
        << R"("routes": )" << routes << (modes.empty() ? "" : ", \"modes\": " + modes) << "}}";
    Result<Config> config = LoadConfig(dir + "/event.json");
    if (!config.ok()) return config.status();
    return ReadFailoverConfig(*config);
  }
  std::string dir;
};

const std::string kReads = R"({"name": "reads", "driver": {"type": "haproxy", "socket": "/s", "backend": "rd"},
  "members": [{"name": "cache", "targets": ["cache-health"], "fall": 3}, {"name": "origin", "path": "primary"}],
  "split": {"cache": 70, "origin": 30}, "ramp": {"steps": [10, 25, 50, 100], "hold": "30s"}})";
const std::string kCheckout = R"({"name": "checkout", "essential": true, "driver": {"type": "haproxy", "socket": "/s", "backend": "co"},
  "members": [{"name": "slice-a", "path": "primary"}, {"name": "uplink", "path": "local"}], "prefer": ["slice-a", "uplink"]})";

std::string Refusal(const std::string& routes, const std::string& modes = "") {
  RouteConfigDir dir;
  Result<FailoverConfig> c = dir.Read(routes, modes);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == ExitCode::kConfig);
  return c.status().message();
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("route config: the documented shape reads, members' targets join watch's schedule") {
  RouteConfigDir dir;
  Result<FailoverConfig> c = dir.Read("[" + kReads + ", " + kCheckout + "]",
                                      R"({"reduced": {"limits": {"reads": {"rate": "20/s", "burst": 10}}, "governor_level": 2}})");
  REQUIRE(c.ok());
  const RouteSection& s = c->routes;
  REQUIRE(s.routes.size() == 2);
  const RouteSpec& reads = s.routes[0];
  CHECK(reads.backend == "rd");
  CHECK(reads.driver.type == "haproxy");
  CHECK(reads.driver.where == dir.dir + "/event.json: /failover/routes/0/driver");
  CHECK(reads.split == std::vector<int>{70, 30});
  CHECK(reads.members[0].fall == 3);
  CHECK(reads.members[1].path == "primary");
  CHECK(reads.ramp.steps == std::vector<int>{10, 25, 50, 100});
  CHECK(reads.ramp.hold == Duration(30000));
  CHECK(s.routes[1].prefer == std::vector<std::string>{"slice-a", "uplink"});
  CHECK(s.routes[1].backend == "co");
  REQUIRE(s.reduced);
  CHECK(s.reduced->governor_level == 2);
  REQUIRE(s.reduced->limits.size() == 1);
  CHECK(s.reduced->limits[0].rate_per_second == 20);
  CHECK(s.reduced->limits[0].burst == 10);
  bool scheduled = false;
  for (const auto& t : c->targets) scheduled = scheduled || t.name == "cache-health";
  CHECK(scheduled);
}

TEST_CASE("route config: a split not summing to 100 names the split") {
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"origin\": 30", "\"origin\": 20") + "]"),
             Catch::Contains("/failover/routes/0/split: the shares sum to 90, not 100"));
}

TEST_CASE("route config: an unknown member in the split or the prefer list is named") {
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"cache\": 70", "\"cash\": 70") + "]"),
             Catch::Contains("/failover/routes/0/split/cash: no member \"cash\""));
  CHECK_THAT(Refusal("[" + kReads + ", " + Replaced(kCheckout, "[\"slice-a\", \"uplink\"]", "[\"slice-a\", \"slice-b\"]") + "]"),
             Catch::Contains("/failover/routes/1/prefer/1: no member \"slice-b\""));
}

TEST_CASE("route config: an essential route in the reduced mode's limits is refused") {
  CHECK_THAT(Refusal("[" + kReads + ", " + kCheckout + "]", R"({"reduced": {"limits": {"checkout": {"deny": true}}}})"),
             Catch::Contains("/failover/modes/reduced/limits/checkout: route \"checkout\" is essential"));
  CHECK_THAT(Refusal("[" + kReads + "]", R"({"reduced": {"limits": {"stream": {"deny": true}}}})"),
             Catch::Contains("/failover/modes/reduced/limits/stream: no route \"stream\""));
  CHECK_THAT(Refusal("[" + kReads + "]", R"({"reduced": {"limits": {"reads": {"rate": "20 per s"}}}})"),
             Catch::Contains("/failover/modes/reduced/limits/reads/rate: expected a rate such as \"20/s\""));
}

TEST_CASE("route config: duplicate route and member names point at both") {
  CHECK_THAT(Refusal("[" + kReads + ", " + kReads + "]"),
             Catch::Contains("/failover/routes/1/name: duplicate route name \"reads\" (also /failover/routes/0/name)"));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"name\": \"origin\"", "\"name\": \"cache\"") + "]"),
             Catch::Contains("/failover/routes/0/members/1/name: duplicate member name \"cache\""));
}

TEST_CASE("route config: members, drivers and ramps that cannot work are refused") {
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"path\": \"primary\"", "\"path\": \"backup\"") + "]"),
             Catch::Contains("/failover/routes/0/members/1/path: no path \"backup\""));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "[\"cache-health\"]", "[\"nope\"]") + "]"),
             Catch::Contains("/failover/routes/0/members/0/targets/0: no target \"nope\""));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"type\": \"haproxy\"", "\"type\": \"envoy\"") + "]"),
             Catch::Contains("/failover/routes/0/driver/type: expected \"haproxy\" or \"nginx\", got \"envoy\""));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"backend\": \"rd\"", "\"backend\": \"rd\", \"sockett\": 1") + "]"),
             Catch::Contains("/failover/routes/0/driver"));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "[10, 25, 50, 100]", "[10, 50, 25, 100]") + "]"),
             Catch::Contains("/failover/routes/0/ramp/steps: expected whole percentages rising"));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"split\"", "\"prefer\": [\"cache\"], \"split\"") + "]"),
             Catch::Contains("/failover/routes/0: expected either \"split\""));
  CHECK_THAT(Refusal("[" + Replaced(kReads, "\"hold\": \"30s\"", "\"hold\": \"30s\", \"holdd\": 1") + "]"),
             Catch::Contains("/failover/routes/0/ramp/holdd: unknown key"));
}

TEST_CASE("route config: rates read as requests per second") {
  CHECK(*ParseRatePerSecond("20/s") == 20);
  CHECK(*ParseRatePerSecond("600/m") == 10);
  CHECK(*ParseRatePerSecond("1.5/s") == 1.5);
  CHECK_FALSE(ParseRatePerSecond("0/s").ok());
  CHECK_FALSE(ParseRatePerSecond("20").ok());
  CHECK_FALSE(ParseRatePerSecond("20/d").ok());
}

TEST_CASE("route config: an nginx class pinned to paths binds each member to its path's source address") {
  RouteConfigDir dir;
  const std::string route = R"({"name": "checkout", "driver": {"type": "nginx", "upstream": "checkout", "file": "up.conf",
    "servers": {"slice-a": "10.9.0.1:443", "uplink": "10.9.0.1:443"}},
    "members": [{"name": "slice-a", "path": "slice"}, {"name": "uplink", "path": "primary"}], "prefer": ["slice-a", "uplink"]})";
  std::ofstream(dir.dir + "/event.json")
      << R"({"site": {"name": "t"}, "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},)"
      << R"("failover": {"paths": [{"name": "primary", "targets": ["uplink"], "source": "10.0.2.2"},)"
      << R"({"name": "slice", "targets": ["uplink"], "source": "10.0.1.2"}], "routes": [)" << route << "]}}";
  Result<Config> config = LoadConfig(dir.dir + "/event.json");
  REQUIRE(config.ok());
  Result<FailoverConfig> c = ReadFailoverConfig(*config);
  REQUIRE(c.ok());
  const Value* bind = c->routes.routes[0].driver.settings.find("bind");
  REQUIRE(bind != nullptr);
  REQUIRE(bind->find("slice-a") != nullptr);
  CHECK(bind->find("slice-a")->as_string() == "10.0.1.2");
  CHECK(bind->find("uplink")->as_string() == "10.0.2.2");
}
