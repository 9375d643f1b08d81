#include "common/state_root.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <string>

#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

const ConfigStateDir kSite{"/var/lib/evt", "/etc/evt/event.json"};

TEST_CASE("state root: flag, then EVT_STATE_DIR, then the config, then XDG", "[state_root]") {
  auto home = FakeEnv({{"HOME", "/home/u"}});
  CHECK(ChooseStateRoot("/flag", kSite, home)->dir == "/flag");
  CHECK(ChooseStateRoot("", kSite, FakeEnv({{"EVT_STATE_DIR", "/env"}}))->dir == "/env");
  Result<StateRoot> from_config = ChooseStateRoot("", kSite, home);
  CHECK(from_config->dir == "/var/lib/evt");
  CHECK(from_config->why == "site.state_dir in /etc/evt/event.json");
  CHECK(from_config->warnings.empty());
  Result<StateRoot> xdg = ChooseStateRoot("", std::nullopt, home);
  CHECK(xdg->dir == "/home/u/.local/state/evt");
  CHECK(xdg->why == "HOME (the XDG default)");
}

TEST_CASE("state root: an environment that overrides the config is warned about", "[state_root]") {
  Result<StateRoot> root = ChooseStateRoot("", kSite, FakeEnv({{"EVT_STATE_DIR", "/home/u/.local/state/evt"}}));
  REQUIRE(root.ok());
  CHECK(root->why == "EVT_STATE_DIR");
  REQUIRE(root->warnings.size() == 1);
  CHECK_THAT(root->warnings[0], Catch::Contains("overrides site.state_dir /var/lib/evt of /etc/evt/event.json"));
  // The same directory spelled with a slash is no disagreement.
  CHECK(ChooseStateRoot("", kSite, FakeEnv({{"EVT_STATE_DIR", "/var/lib/evt/"}}))->warnings.empty());
}

TEST_CASE("state root: site.state_dir is relative to the config file", "[state_root]") {
  TempDir tmp;
  const std::string config = tmp.path() + "/event.json";
  std::ofstream(config) << R"({"site": {"name": "t", "state_dir": "state"}})";
  CommonOptions options;
  options.config = config;
  Result<StateRoot> root = FindStateRoot(options, false, FakeEnv({{"HOME", "/home/u"}}));
  REQUIRE(root.ok());
  CHECK(root->dir == tmp.path() + "/state");
  CHECK(root->why == "site.state_dir in " + config);
  // Without explain, a flag or EVT_STATE_DIR spares reading the config.
  options.config = tmp.path() + "/missing.json";
  options.state_dir = "/flag";
  CHECK(ResolveStateDir(options, FakeEnv({}))->c_str() == std::string("/flag"));
  CHECK(FindStateRoot(options, true, FakeEnv({})).status().code() == ExitCode::kNoInput);
}

TEST_CASE("state root: no config at the default place is the XDG default", "[state_root]") {
  TempDir tmp;
  CommonOptions options;
  Result<std::string> dir = ResolveStateDir(options, FakeEnv({{"HOME", tmp.path()}}));
  REQUIRE(dir.ok());
  CHECK(*dir == tmp.path() + "/.local/state/evt");
}

}  // namespace
}  // namespace evt
