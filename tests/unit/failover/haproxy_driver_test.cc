#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/json_parse.h"
#include "tests/unit/failover/fake_haproxy.h"
#include "tools/failover/haproxy_driver.h"

using namespace evt;
using namespace evt::failover;
using evt::failover::testing::FakeHaproxy;
using evt::failover::testing::FakeHaproxyState;

namespace {

FakeHaproxyState TwoServers(std::string algorithm = "roundrobin") {
  FakeHaproxyState s;
  s.backends["reads"].algorithm = std::move(algorithm);
  s.backends["reads"].servers = {{"cache", 1, 0, 2}, {"origin", 1, 0, 2}};
  s.backends["checkout"].servers = {{"a", 5, 0, 2}};
  s.maps["/etc/haproxy/evt-limits.map"] = {{"other", "5"}};
  return s;
}

std::unique_ptr<SteeringDriver> DriverOn(FakeHaproxyState& state, HaproxySettings settings = {}) {
  settings.socket = "/fake.sock";
  settings.backend = "reads";
  if (!settings.map) settings.map = "/etc/haproxy/evt-limits.map";
  return MakeHaproxyDriverOn(std::move(settings), std::make_unique<FakeHaproxy>(&state));
}

std::vector<int> WeightsOf(const FakeHaproxyState& s, const std::string& backend) {
  std::vector<int> out;
  for (const auto& server : s.backends.at(backend).servers) out.push_back(server.weight);
  return out;
}

std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "evt-haproxy-driver.XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("haproxy driver: weights are set, read back, and the state read back is returned") {
  FakeHaproxyState s = TwoServers();
  auto driver = DriverOn(s);
  auto after = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE(after.ok());
  CHECK(after->algorithm == "roundrobin");
  REQUIRE(after->members.size() == 2);
  CHECK(after->members[0].weight == 7);
  CHECK(after->members[1].weight == 3);
  CHECK(WeightsOf(s, "reads") == std::vector<int>{7, 3});
  CHECK(std::count(s.commands.begin(), s.commands.end(), "set server reads/cache weight 7") == 1);
  // An unchanged weight is not sent again.
  s.commands.clear();
  REQUIRE(driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 2}}).ok());
  CHECK(std::count(s.commands.begin(), s.commands.end(), "set server reads/cache weight 7") == 0);
  CHECK(std::count(s.commands.begin(), s.commands.end(), "set server reads/origin weight 2") == 1);
}

TEST_CASE("haproxy driver: a refused weight surfaces HAProxy's text and puts back what was applied") {
  FakeHaproxyState s = TwoServers();
  auto driver = DriverOn(s);
  auto r = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 300}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kDataErr);
  CHECK(r.status().message() ==
        "haproxy:/fake.sock: `set server reads/origin weight 300`: Absolute weight can only be between 0 and 256 "
        "inclusive.");
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
  CHECK(s.commands.back().rfind("show", 0) == 0);  // the restore was read back
}

TEST_CASE("haproxy driver: an unknown server or backend is HAProxy's refusal, nothing left changed") {
  FakeHaproxyState s = TwoServers();
  auto driver = DriverOn(s);
  auto server = driver->ApplyWeights("reads", {{"cache", 7}, {"nope", 3}});
  REQUIRE_FALSE(server.ok());
  CHECK(server.status().message() == "haproxy:/fake.sock: `set server reads/nope weight 3`: No such server.");
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
  auto backend = driver->ApplyWeights("nope", {{"cache", 7}});
  REQUIRE_FALSE(backend.ok());
  CHECK(backend.status().code() == ExitCode::kDataErr);
  CHECK(backend.status().message() == "haproxy:/fake.sock: `show servers state`: Can't find backend.");
}

TEST_CASE("haproxy driver: a static-algorithm backend is refused in HAProxy's words") {
  FakeHaproxyState s = TwoServers("static-rr");
  auto driver = DriverOn(s);
  auto r = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "haproxy:/fake.sock: `set server reads/cache weight 7`: Backend is using a static LB algorithm and only "
        "accepts weights '0%' and '100%'.");
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
}

TEST_CASE("haproxy driver: a socket failure halfway puts back what was applied") {
  FakeHaproxyState s = TwoServers();
  // 0 show servers state, 1 show stat, 2 set cache, 3 set origin: fails.
  s.fail_command_number = 3;
  auto driver = DriverOn(s);
  auto r = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kUnavailable);
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
}

TEST_CASE("haproxy driver: a weight acknowledged but not kept fails the read-back, and is not claimed") {
  FakeHaproxyState s = TwoServers();
  s.ignore_weight_of = "reads/origin";
  auto driver = DriverOn(s);
  auto r = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "haproxy:/fake.sock: read back: reads/origin has weight 1, not 3");
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
}

TEST_CASE("haproxy driver: after a change the state file and the rendered config hold the new weights") {
  const std::string dir = TempDir();
  {
    std::ofstream(dir + "/haproxy.cfg.tmpl") << "server cache x weight {{reads/cache.weight}}\n"
                                                "server origin y weight {{reads/origin.weight}}\n"
                                                "server a z weight {{checkout/a.weight}}\n";
  }
  FakeHaproxyState s = TwoServers();
  HaproxySettings settings;
  settings.state_file = dir + "/server-state";
  settings.config_template = dir + "/haproxy.cfg.tmpl";
  settings.write = dir + "/haproxy.cfg";
  auto driver = DriverOn(s, settings);
  REQUIRE(driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}}).ok());
  CHECK(Slurp(dir + "/haproxy.cfg") == "server cache x weight 7\nserver origin y weight 3\nserver a z weight 5\n");
  CHECK(Slurp(dir + "/server-state").find("3 reads 1 cache 127.0.0.1 2 0 7 1") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("haproxy driver: a config that cannot be written undoes the runtime change (74)") {
  FakeHaproxyState s = TwoServers();
  HaproxySettings settings;
  settings.config_template = "/nonexistent-evt-dir/haproxy.cfg.tmpl";
  settings.write = "/nonexistent-evt-dir/haproxy.cfg";
  auto driver = DriverOn(s, settings);
  auto r = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kIoErr);
  CHECK(r.status().message().rfind("template /nonexistent-evt-dir/haproxy.cfg.tmpl: cannot read", 0) == 0);
  CHECK(WeightsOf(s, "reads") == std::vector<int>{1, 1});
}

TEST_CASE("haproxy driver: admin states are set and read back") {
  FakeHaproxyState s = TwoServers();
  auto driver = DriverOn(s);
  auto drained = driver->SetAdmin("reads", "cache", AdminState::kDrain);
  REQUIRE(drained.ok());
  CHECK(drained->members[0].admin == AdminState::kDrain);
  CHECK(s.commands.back() != "set server reads/cache state drain");  // read back after
  auto maint = driver->SetAdmin("reads", "origin", AdminState::kMaint);
  REQUIRE(maint.ok());
  CHECK(maint->members[1].admin == AdminState::kMaint);
  REQUIRE(driver->SetAdmin("reads", "cache", AdminState::kReady).ok());
  CHECK(s.backends["reads"].servers[0].admin_flags == 0);
  auto unknown = driver->SetAdmin("reads", "nope", AdminState::kDrain);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "haproxy:/fake.sock: `set server reads/nope state drain`: No such server.");
}

TEST_CASE("haproxy driver: reduced mode sets the classes' limits and leaving restores exactly the map before") {
  const std::string dir = TempDir();
  const std::string map = dir + "/evt-limits.map";
  FakeHaproxyState s = TwoServers();
  s.maps[map] = {{"other", "5"}, {"reads", "100"}};
  const std::string site_file = "# the site's own, with a comment\nreads 100\nother 5\n";
  std::ofstream(map) << site_file;
  HaproxySettings settings;
  settings.map = map;
  auto driver = DriverOn(s, settings);
  auto token = driver->EnterReduced({{"stream", true, 0, 0}, {"reads", false, 20, 10}});
  REQUIRE(token.ok());
  CHECK(s.maps[map] == std::map<std::string, std::string>{{"other", "5"}, {"reads", "30"}, {"stream", "deny"}});
  CHECK(Slurp(map).find("stream deny\n") != std::string::npos);
  REQUIRE(driver->LeaveReduced(*token).ok());
  CHECK(s.maps[map] == std::map<std::string, std::string>{{"other", "5"}, {"reads", "100"}});
  CHECK(Slurp(map) == site_file);
  std::filesystem::remove_all(dir);
}

TEST_CASE("haproxy driver: a map HAProxy does not know is refused before anything changes") {
  FakeHaproxyState s = TwoServers();
  HaproxySettings settings;
  settings.map = "/not/referenced.map";
  auto driver = DriverOn(s, settings);
  auto token = driver->EnterReduced({{"stream", true, 0, 0}});
  REQUIRE_FALSE(token.ok());
  CHECK(token.status().message() ==
        "haproxy:/fake.sock: `show map`: Unknown map identifier. Please use #<id> or <file>.");
}

TEST_CASE("haproxy driver: settings are read strictly, errors naming the driver's field") {
  auto spec = [](const char* json) {
    auto v = ParseJson(json, "test");
    REQUIRE(v.ok());
    return DriverSpec{"haproxy", *v, "event.json: /failover/routes/0/driver", "/etc/evt"};
  };
  auto ok = ReadHaproxySettings(spec(
      R"({"type": "haproxy", "socket": "run/haproxy.sock", "backend": "reads", "map": "/m.map", "timeout": "500ms"})"));
  REQUIRE(ok.ok());
  CHECK(ok->socket == "/etc/evt/run/haproxy.sock");
  CHECK(ok->timeout == std::chrono::milliseconds(500));
  auto missing = ReadHaproxySettings(spec(R"({"type": "haproxy", "backend": "reads"})"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == ExitCode::kConfig);
  CHECK(missing.status().message() == "event.json: /failover/routes/0/driver: missing required key \"socket\"");
  auto lone = ReadHaproxySettings(spec(R"({"type": "haproxy", "socket": "/s", "backend": "reads", "template": "t"})"));
  REQUIRE_FALSE(lone.ok());
  CHECK(lone.status().message().find("\"template\" and \"write\" go together") != std::string::npos);
  auto typo = ReadHaproxySettings(spec(R"({"type": "haproxy", "socket": "/s", "backend": "reads", "sokcet": 1})"));
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().message().find("/failover/routes/0/driver/sokcet: unknown key") != std::string::npos);
  auto slash = ReadHaproxySettings(spec(R"({"type": "haproxy", "socket": "/s", "backend": "a/b"})"));
  REQUIRE_FALSE(slash.ok());
  CHECK(slash.status().code() == ExitCode::kConfig);
}

TEST_CASE("haproxy driver: an admin state that cannot be read back is put back") {
  FakeHaproxyState s = TwoServers();
  // 0-1 the read before, 2 set state drain, 3 the read-back fails.
  s.fail_command_number = 3;
  auto driver = DriverOn(s);
  auto r = driver->SetAdmin("reads", "cache", AdminState::kDrain);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kUnavailable);
  CHECK(s.backends["reads"].servers[0].admin_flags == 0);
  CHECK(std::count(s.commands.begin(), s.commands.end(), "set server reads/cache state ready") == 1);
}
