// The "token" section: defaults, the project's example, strictness.
#include "tools/token/token_config.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using evt::token::ReadTokenConfig;
using evt::token::TokenConfig;

namespace {

evt::Result<TokenConfig> FromText(const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("evt-token-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "event.json").string();
  std::ofstream(path) << text;
  auto config = evt::LoadConfig(path);
  std::filesystem::remove_all(dir);
  if (!config.ok()) return config.status();
  return ReadTokenConfig(*config);
}

}  // namespace

TEST_CASE("token config: defaults without a section") {
  auto c = FromText(R"({"site":{"name":"s"}})");
  REQUIRE(c.ok());
  CHECK(c->ttl == std::chrono::minutes(15));
  CHECK(c->leeway == std::chrono::seconds(30));
  CHECK_FALSE(c->issuer);
  CHECK_FALSE(c->jwks);
}

TEST_CASE("token config: the project's examples/event.json loads") {
  auto config = evt::LoadConfig(std::string(EVT_SOURCE_DIR) + "/examples/event.json");
  REQUIRE(config.ok());
  auto c = ReadTokenConfig(*config);
  REQUIRE(c.ok());
  CHECK(c->issuer == "popup-berlin-01");
  CHECK(c->audience == "gate");
  CHECK(c->ttl == std::chrono::minutes(15));
  REQUIRE(c->jwks);
  CHECK(c->jwks->ends_with("/examples/gates/jwks.json"));
}

TEST_CASE("token config: errors name the key") {
  auto typo = FromText(R"({"site":{"name":"s"},"token":{"ttl_s":"1m"}})");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().code() == evt::ExitCode::kConfig);
  CHECK(typo.status().message().find("/token/ttl_s: unknown key") != std::string::npos);
  auto fraction = FromText(R"({"site":{"name":"s"},"token":{"ttl":"1500ms"}})");
  REQUIRE_FALSE(fraction.ok());
  CHECK(fraction.status().message().find("/token/ttl: expected whole seconds") != std::string::npos);
  auto zero = FromText(R"({"site":{"name":"s"},"token":{"ttl":"0s"}})");
  CHECK_FALSE(zero.ok());
  auto wide = FromText(R"({"site":{"name":"s"},"token":{"leeway":"1h"}})");
  CHECK_FALSE(wide.ok());
  auto secret = FromText(R"({"site":{"name":"s"},"token":{"code":{"secret":"hunter2"}}})");
  REQUIRE_FALSE(secret.ok());
  CHECK(secret.status().message().find("/token/code/secret") != std::string::npos);
  CHECK(secret.status().message().find("hunter2") == std::string::npos);
}

TEST_CASE("token config: max_drift defaults to 10m, takes a duration of 1s or more") {
  auto plain = FromText(R"({"site":{"name":"s"},"token":{}})");
  REQUIRE(plain.ok());
  CHECK(plain->max_drift == std::chrono::minutes(10));
  auto set = FromText(R"({"site":{"name":"s"},"token":{"max_drift":"90s"}})");
  REQUIRE(set.ok());
  CHECK(set->max_drift == std::chrono::seconds(90));
  auto small = FromText(R"({"site":{"name":"s"},"token":{"max_drift":"500ms"}})");
  REQUIRE_FALSE(small.ok());
  CHECK(small.status().code() == evt::ExitCode::kConfig);
  CHECK(small.status().message().find("/token/max_drift: expected at least 1s") != std::string::npos);
  auto example = evt::LoadConfig(std::string(EVT_SOURCE_DIR) + "/examples/event.json");
  REQUIRE(example.ok());
  CHECK(ReadTokenConfig(*example)->max_drift == std::chrono::minutes(10));
}
