#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/config.h"
#include "common/exit_code.h"
#include "common/hub/hub_sync.h"

namespace evt::hub {
namespace {

// A config file with `hub_json` as site.hub (a JSON value, or nothing).
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& hub_json) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-hub-settings-XXXXXX").string();
    int fd = mkstemp(tmpl.data());
    REQUIRE(fd >= 0);
    close(fd);
    path_ = tmpl;
    std::ofstream(path_) << R"({"site": {"name": "gate-hall-a")" << (hub_json.empty() ? "" : ", \"hub\": " + hub_json)
                         << "}}\n";
  }
  ~ConfigFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Result<std::optional<HubSettings>> Settings(const std::string& hub_json) {
  ConfigFile file(hub_json);
  Result<Config> config = LoadConfig(file.path());
  if (!config.ok()) return config.status();
  return ReadHubSettings(*config);
}

TEST_CASE("a bare word in site.hub is a libpq service name") {
  Result<std::optional<HubSettings>> settings = Settings(R"("evt-hub")");
  REQUIRE(settings.ok());
  REQUIRE(settings->has_value());
  CHECK((*settings)->conninfo == "service=evt-hub");
  CHECK((*settings)->site == "gate-hall-a");
  CHECK((*settings)->where.ends_with(": /site/hub"));
}

TEST_CASE("a conninfo or URI without a password is taken as it is") {
  for (const char* conninfo : {"host=hub.local dbname=evt user=gate sslmode=verify-full",
                               "postgresql://gate@hub.local:5432/evt?sslmode=require", "service=evt-hub"}) {
    Result<std::optional<HubSettings>> settings = Settings("\"" + std::string(conninfo) + "\"");
    REQUIRE(settings.ok());
    CHECK((*settings)->conninfo == conninfo);
  }
}

TEST_CASE("no site.hub is no hub") {
  Result<std::optional<HubSettings>> settings = Settings("");
  REQUIRE(settings.ok());
  CHECK_FALSE(settings->has_value());
}

TEST_CASE("a password in site.hub is refused, saying where it belongs") {
  for (const char* conninfo : {"host=hub.local user=gate password=s3cret", "host=hub.local password='a b'",
                               "postgresql://gate:s3cret@hub.local/evt",
                               "postgresql://gate@hub.local/evt?password=s3cret"}) {
    Result<std::optional<HubSettings>> settings = Settings("\"" + std::string(conninfo) + "\"");
    REQUIRE_FALSE(settings.ok());
    CHECK(settings.status().code() == ExitCode::kConfig);
    CHECK(settings.status().message().find(": /site/hub: the conninfo carries a password") != std::string::npos);
    CHECK(settings.status().message().find(".pgpass") != std::string::npos);
    CHECK(settings.status().message().find("s3cret") == std::string::npos);
  }
}

TEST_CASE("a site.hub libpq cannot parse is a config error with libpq's words") {
  Result<std::optional<HubSettings>> settings = Settings(R"("host=hub.local nonsense=1")");
  REQUIRE_FALSE(settings.ok());
  CHECK(settings.status().code() == ExitCode::kConfig);
  CHECK(settings.status().message().find("/site/hub: expected a libpq service name or conninfo: ") !=
        std::string::npos);
  CHECK(settings.status().message().find("nonsense") != std::string::npos);
}

TEST_CASE("an empty or non-string site.hub is refused when the config loads") {
  for (const char* bad : {R"("")", "5"}) {
    Result<std::optional<HubSettings>> settings = Settings(bad);
    REQUIRE_FALSE(settings.ok());
    CHECK(settings.status().code() == ExitCode::kConfig);
    CHECK(settings.status().message().find("/site/hub") != std::string::npos);
  }
}

TEST_CASE("examples/event.json names a hub") {
  Result<Config> config = LoadConfig(std::string(EVT_SOURCE_DIR) + "/examples/event.json");
  REQUIRE(config.ok());
  Result<std::optional<HubSettings>> settings = ReadHubSettings(*config);
  REQUIRE(settings.ok());
  REQUIRE(settings->has_value());
  CHECK((*settings)->conninfo == "service=evt-hub");
}

}  // namespace
}  // namespace evt::hub
