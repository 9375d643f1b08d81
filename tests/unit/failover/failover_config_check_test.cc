// `evt-failover config check` renders every template as a switch would.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/failover/failover_config.h"

using namespace evt;

namespace {

struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-failover-config-check-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(dir + "/" + name) << text; }
  // A config whose one path's second on_up action renders `tmpl`.
  Status Check(const std::string& tmpl) const {
    Write("t.tmpl", tmpl);
    Write("event.json", R"({"site": {"name": "t"}, "failover": {"paths": [
      {"name": "local", "always_up": true, "vars": {"upstream": "127.0.0.1:8443"},
       "on_up": [{"run": ["true"]}, {"template": "t.tmpl", "write": "out.conf"}]}]}})");
    Result<Config> config = LoadConfig(dir + "/event.json");
    REQUIRE(config.ok());
    return failover::CheckFailoverSection(*config);
  }
  std::string dir;
};

}  // namespace

TEST_CASE("failover config check: a template with the path's vars and the hook's renders") {
  SiteDir site;
  CHECK(site.Check("server {{upstream}}; # {{path}} {{hook}} {{old_state}} {{new_state}} {{old_path}} "
                   "{{new_path}} {{reason}}\n")
            .ok());
}

TEST_CASE("failover config check: an unknown variable or an unclosed {{ is bad config, named by the action") {
  SiteDir site;
  std::string where = site.dir + "/event.json: /failover/paths/0/on_up/1/template: " + site.dir + "/t.tmpl: ";
  Status typo = site.Check("# upstream\nserver {{upstrem}};\n");
  CHECK(typo.code() == ExitCode::kConfig);
  CHECK(typo.message().starts_with(where + "line 2: unknown variable \"upstrem\""));
  Status unclosed = site.Check("server {{upstream};\n");
  CHECK(unclosed.code() == ExitCode::kConfig);
  CHECK(unclosed.message().starts_with(where + "line 1: "));
}
