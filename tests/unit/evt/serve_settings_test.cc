#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "common/config.h"
#include "tests/unit/store_test_util.h"
#include "tools/evt/serve_settings.h"

namespace evt::front {
namespace {

using store_test::TempDir;

Result<ServeSettings> SettingsFrom(const TempDir& dir, const std::string& serve) {
  const std::string path = dir.path() + "/event.json";
  std::ofstream(path) << R"({"site": {"name": "t"}, "evt": {"serve": )" << serve << "}}";
  Result<Config> config = LoadConfig(path);
  REQUIRE(config.ok());
  Result<ConfigObject> section = config->Section("evt");
  REQUIRE(section.ok());
  return ReadServeSettings(*section);
}

TEST_CASE("serve settings: defaults are loopback and the shipped textfile folder") {
  TempDir dir;
  Result<ServeSettings> settings = SettingsFrom(dir, "{}");
  REQUIRE(settings.ok());
  CHECK(settings->listen == "127.0.0.1:7480");
  CHECK(settings->refresh == Duration(5000));
  CHECK(settings->textfiles == std::vector<std::string>{"/var/lib/prometheus/node-exporter"});
}

TEST_CASE("serve settings: a token file relative to the config is read at start, and must be 0600") {
  TempDir dir;
  std::ofstream(dir.path() + "/serve.token") << "s3cret\n";
  chmod((dir.path() + "/serve.token").c_str(), 0600);
  Result<ServeSettings> settings = SettingsFrom(
      dir, R"({"listen": "0.0.0.0:7480", "auth": {"token": {"file": "serve.token"}}, "textfiles": ["prom"], "refresh": "3s"})");
  REQUIRE(settings.ok());
  CHECK(settings->textfiles == std::vector<std::string>{dir.path() + "/prom"});
  Result<HttpServerOptions> options = ServeServerOptions(*settings, "");
  REQUIRE(options.ok());
  CHECK(options->listen == "0.0.0.0:7480");
  REQUIRE(options->token.has_value());
  CHECK(ServeServerOptions(*settings, "127.0.0.1:0")->listen == "127.0.0.1:0");
  chmod((dir.path() + "/serve.token").c_str(), 0644);
  CHECK(ServeServerOptions(*settings, "").status().code() == ExitCode::kConfig);
}

TEST_CASE("serve settings: a bad key or value is 78 naming where") {
  TempDir dir;
  struct Case {
    const char* serve;
    const char* message;
  };
  for (const Case& c : {Case{R"({"listne": "127.0.0.1:1"})", "/evt/serve/listne: unknown key"},
                        Case{R"({"listen": "localhost"})", "/evt/serve/listen"},
                        Case{R"({"refresh": "100ms"})", "/evt/serve/refresh: expected at least 1s"},
                        Case{R"({"auth": {}})", "/evt/serve/auth: expected"},
                        Case{R"({"textfiles": [""]})", "/evt/serve/textfiles: expected file or folder paths"}}) {
    Result<ServeSettings> settings = SettingsFrom(dir, c.serve);
    INFO(c.serve);
    REQUIRE_FALSE(settings.ok());
    CHECK(settings.status().code() == ExitCode::kConfig);
    CHECK_THAT(settings.status().message(), Catch::Contains(c.message));
  }
}

}  // namespace
}  // namespace evt::front

namespace evt::front {
namespace {

TEST_CASE("serve settings: TLS files are read at start, a missing one is 78 naming where") {
  store_test::TempDir dir;
  const std::string path = dir.path() + "/event.json";
  std::ofstream(path) << R"({"site": {"name": "t"}, "evt": {"serve": {"listen": "0.0.0.0:7480",
    "tls": {"cert": "serve.crt", "key": "serve.key", "client_ca": "ca.crt"}}}})";
  Result<Config> config = LoadConfig(path);
  REQUIRE(config.ok());
  Result<ServeSettings> settings = ReadServeSettings(*config->Section("evt"));
  REQUIRE(settings.ok());
  CHECK(settings->tls->cert == dir.path() + "/serve.crt");
  CHECK(settings->tls->client_ca == dir.path() + "/ca.crt");
  Result<HttpServerOptions> options = ServeServerOptions(*settings, "");
  REQUIRE_FALSE(options.ok());
  CHECK(options.status().code() == ExitCode::kConfig);
  CHECK_THAT(options.status().message(), Catch::Contains("/evt/serve/tls/cert: cannot read " + dir.path() + "/serve.crt"));
  std::ofstream(dir.path() + "/serve.crt") << "-----BEGIN CERTIFICATE-----\n";
  std::ofstream(dir.path() + "/serve.key") << "-----BEGIN PRIVATE KEY-----\n";
  std::ofstream(dir.path() + "/ca.crt") << "-----BEGIN CERTIFICATE-----\n";
  chmod((dir.path() + "/serve.key").c_str(), 0600);
  options = ServeServerOptions(*settings, "");
  REQUIRE(options.ok());
  REQUIRE(options->tls.has_value());
  CHECK(options->tls->client_ca_pem == "-----BEGIN CERTIFICATE-----\n");
}

}  // namespace
}  // namespace evt::front
