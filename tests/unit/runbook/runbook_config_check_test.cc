// `evt-runbook config check` finds and checks every runbook `runbooks` has
// settings for.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/runbook/settings.h"

using namespace evt;

namespace {

struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-runbook-config-check-XXXXXX";
    dir = mkdtemp(pattern);
    std::filesystem::create_directory(dir + "/runbooks");
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(dir + "/" + name) << text; }
  Status Check(const std::string& runbooks) const {
    Write("event.json", R"({"site": {"name": "t"}, "runbook": {"dirs": ["runbooks"]}, "runbooks": )" + runbooks + "}");
    Result<Config> config = LoadConfig(dir + "/event.json");
    REQUIRE(config.ok());
    return runbook::CheckRunbookConfig(*config);
  }
  std::string dir;
};

}  // namespace

TEST_CASE("runbook config check: settings for shipped runbooks pass") {
  SiteDir site;
  CHECK(site.Check(R"({"reduced-quality": {"on": ["true"], "off": ["true"]}})").ok());
}

TEST_CASE("runbook config check: settings for a runbook that is missing or broken are bad config") {
  SiteDir site;
  Status missing = site.Check(R"({"no-such-book": {}})");
  CHECK(missing.code() == ExitCode::kConfig);
  CHECK(missing.message().starts_with(site.dir + "/event.json: /runbooks/no-such-book: no runbook named \"no-such-book\""));
  site.Write("runbooks/broken.lua", "return {description = \"broken\", run = function(\n");
  Status broken = site.Check(R"({"broken": {}})");
  CHECK(broken.code() == ExitCode::kConfig);
  CHECK(broken.message().starts_with(site.dir + "/event.json: /runbooks/broken: "));
  CHECK(broken.message().find("broken.lua") != std::string::npos);
}
