// evt-failover's templates read probe.dns_map as {{dns.NAME}}: a switch
// can write the live address of a name into a proxy's config.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "common/config.h"
#include "tools/failover/actions.h"
#include "tools/failover/failover_config.h"

using namespace evt;
using namespace evt::failover;

namespace {

struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-failover-dns-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  Result<Config> Write(const std::string& template_text) const {
    std::ofstream(dir + "/t.tmpl") << template_text;
    std::ofstream(dir + "/event.json") << R"({"site": {"name": "t"}, "probe": {
      "targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}},
      "dns_map": {"environment": "live", "names": {
        "shop.example.net": {"staging": ["10.0.0.5"], "live": ["203.0.113.10"]}}}},
      "failover": {"paths": [{"name": "primary", "targets": ["uplink"]},
        {"name": "local", "always_up": true,
         "on_activate": [{"template": "t.tmpl", "write": "out.conf"}]}]}})";
    return LoadConfig(dir + "/event.json");
  }
  std::string dir;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("failover dns template: {{dns.NAME}} is the active environment's address") {
  SiteDir site;
  Result<Config> file = site.Write("server {{dns.shop.example.net}}:443; # {{path}}\n");
  REQUIRE(file.ok());
  CHECK(CheckFailoverSection(*file).ok());
  Result<FailoverConfig> config = ReadFailoverConfig(*file);
  REQUIRE(config.ok());
  const PathSpec& local = config->spec.paths.at(1);
  REQUIRE(local.on_activate.size() == 1);
  ActionContext context;
  context.hook = "on_activate";
  context.path = &local;
  std::vector<ActionReport> reports;
  REQUIRE(RunHook(local.on_activate, context, &reports));
  CHECK(Slurp(local.on_activate[0].write) == "server 203.0.113.10:443; # local\n");
  // Templates only: no EVT_FAILOVER_VAR_ for a name with dots.
  CHECK(local.vars.empty());
}

TEST_CASE("failover dns template: config check refuses a name the map lacks") {
  SiteDir site;
  Result<Config> file = site.Write("server {{dns.shop.example.org}};\n");
  REQUIRE(file.ok());
  Status checked = CheckFailoverSection(*file);
  CHECK(checked.code() == ExitCode::kConfig);
  CHECK(checked.message().find("unknown variable \"dns.shop.example.org\" (known: dns.shop.example.net, ") !=
        std::string::npos);
}
