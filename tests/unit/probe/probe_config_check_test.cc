// `evt-probe config check` reads a target's CA file once, before curl does
// at every probe.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/probe/target_flows.h"

using namespace evt;

namespace {

struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-probe-config-check-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(dir + "/" + name) << text; }
  Status Check(const std::string& ca_file) const {
    Write("event.json", R"({"site": {"name": "t"}, "probe": {"targets": {"edge": {"check": "http",
      "url": "https://127.0.0.1:9/", "ca_file": ")" + ca_file + R"("}}}})");
    Result<Config> config = LoadConfig(dir + "/event.json");
    REQUIRE(config.ok());
    return probe::CheckProbeSection(*config);
  }
  std::string dir;
};

}  // namespace

TEST_CASE("probe config check: a CA file with certificates passes") {
  SiteDir site;
  site.Write("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  CHECK(site.Check("ca.pem").ok());
}

TEST_CASE("probe config check: a CA file missing or without certificates is bad config, named by its target") {
  SiteDir site;
  std::string where = site.dir + "/event.json: /probe/targets/edge/ca_file: " + site.dir;
  Status missing = site.Check("nosuch.pem");
  CHECK(missing.code() == ExitCode::kConfig);
  CHECK(missing.message() == where + "/nosuch.pem: cannot read the CA file");
  site.Write("bad.pem", "not a certificate\n");
  Status bad = site.Check("bad.pem");
  CHECK(bad.code() == ExitCode::kConfig);
  CHECK(bad.message() == where + "/bad.pem: expected PEM certificates (-----BEGIN CERTIFICATE-----)");
}
