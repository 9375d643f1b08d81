#include "common/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace evt {
namespace {

using std::chrono::milliseconds;

const std::string kExample = std::string(EVT_SOURCE_DIR) + "/examples/event.json";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-config-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

  std::string Write(const std::string& name, const std::string& content) const {
    std::string file = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::string path_;
};

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

constexpr std::string_view kSite = R"("site": {"name": "popup-test-01"})";

Config Loaded(const std::string& path, const EnvLookup& env = FakeEnv({})) {
  Result<Config> config = LoadConfig(path, env);
  INFO(config.status().message());
  REQUIRE(config.ok());
  return std::move(*config);
}

std::string LoadError(const std::string& path, ExitCode code = ExitCode::kConfig) {
  Result<Config> config = LoadConfig(path, FakeEnv({}));
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == code);
  return config.status().message();
}

TEST_CASE("config: the documented example loads", "[config]") {
  Config config = Loaded(kExample);
  CHECK(config.path() == kExample);
  CHECK(config.folder() == std::filesystem::path(kExample).lexically_normal().parent_path().string());
  const Site& site = config.site();
  CHECK(site.name == "popup-berlin-01");
  CHECK(site.timezone == "Europe/Berlin");
  REQUIRE(site.starts_at.has_value());
  REQUIRE(site.ends_at.has_value());
  CHECK(FormatRfc3339(*site.starts_at) == "2026-12-05T09:00:00.000Z");
  CHECK(FormatRfc3339(*site.ends_at) == "2026-12-05T21:00:00.000Z");
}

TEST_CASE("config: every section of the example is an object", "[config]") {
  Config config = Loaded(kExample);
  for (std::string_view name : kConfigSections) {
    Result<ConfigObject> section = config.Section(name);
    INFO(name << ": " << section.status().message());
    REQUIRE(section.ok());
    CHECK(section->pointer() == "/" + std::string(name));
    CHECK_FALSE(section->Keys().empty());
  }
}

TEST_CASE("config: a tool reads its section with paths resolved to the config folder", "[config]") {
  Config config = Loaded(kExample);
  Result<ConfigObject> price = config.Section("price");
  REQUIRE(price.ok());
  CHECK(*price->Path("catalog") == config.folder() + "/price/catalog.json");
  CHECK(*price->Path("promotions") == config.folder() + "/price/promotions.json");
  CHECK(*price->String("strategy") == "priority");
  CHECK(price->Finish().ok());
  Result<ConfigObject> token = config.Section("token");
  REQUIRE(token.ok());
  CHECK(*token->Duration("ttl") == std::chrono::minutes{15});
  CHECK(*token->Path("jwks") == config.folder() + "/gates/jwks.json");
}

TEST_CASE("config: an unknown key in a section is reported with its path", "[config]") {
  Config config = Loaded(kExample);
  Result<ConfigObject> price = config.Section("price");
  REQUIRE(price.ok());
  CHECK(price->Path("catalog").ok());
  CHECK(price->Finish().message() ==
        kExample + ": /price/promotions: unknown key (known: catalog); also unknown: /price/strategy");
  CHECK(price->Finish().code() == ExitCode::kConfig);
}

TEST_CASE("config: an absent section is an empty object", "[config]") {
  TempDir dir;
  Config config = Loaded(dir.Write("event.json", "{" + std::string(kSite) + "}"));
  Result<ConfigObject> probe = config.Section("probe");
  REQUIRE(probe.ok());
  CHECK(probe->Keys().empty());
  CHECK(*probe->Duration("interval", milliseconds{2000}) == milliseconds{2000});
  CHECK(probe->Finish().ok());
  Result<ConfigObject> bogus = config.Section("bogus");
  REQUIRE_FALSE(bogus.ok());
  CHECK(bogus.status().code() == ExitCode::kSoftware);
}

TEST_CASE("config: an unknown top-level key is reported with its path", "[config]") {
  TempDir dir;
  std::string file = dir.Write("event.json", "{" + std::string(kSite) + R"(, "prices": {}})");
  CHECK(LoadError(file) == file +
                               ": /prices: unknown key (known: site, probe, failover, price, token, scrape, budget, "
                               "load, detect, outbox, runbook, runbooks, evt)");
}

TEST_CASE("config: an unknown key in site is reported with its path", "[config]") {
  TempDir dir;
  std::string file = dir.Write("event.json", R"({"site": {"name": "x", "timzone": "Europe/Berlin"}})");
  CHECK(LoadError(file) == file + ": /site/timzone: unknown key (known: name, timezone, starts_at, ends_at, state_dir, hub)");
}

TEST_CASE("config: a duplicate key is refused with its line", "[config]") {
  TempDir dir;
  std::string file = dir.Write("event.json", "{" + std::string(kSite) + ",\n \"price\": {},\n \"price\": {}}");
  std::string message = LoadError(file);
  CHECK(message.find(file + ":3:") == 0);
  CHECK(message.find("duplicate key \"price\"") != std::string::npos);
}

TEST_CASE("config: malformed JSON is bad config, named by file and line", "[config]") {
  TempDir dir;
  std::string file = dir.Write("event.json", "{\n" + std::string(kSite) + ",\n \"price\": {,}\n}");
  CHECK(LoadError(file).find(file + ":3:") == 0);
}

TEST_CASE("config: a missing config file is missing input", "[config]") {
  TempDir dir;
  CHECK(LoadError(dir.path() + "/nope.json", ExitCode::kNoInput).find(dir.path() + "/nope.json") != std::string::npos);
}

TEST_CASE("config: the file must hold an object with a named site", "[config]") {
  TempDir dir;
  CHECK(LoadError(dir.Write("a.json", "[]")) == dir.path() + "/a.json: expected an object, got an array");
  CHECK(LoadError(dir.Write("b.json", "{}")) == dir.path() + "/b.json: missing required key \"site\"");
  CHECK(LoadError(dir.Write("c.json", R"({"site": {"timezone": "UTC"}})")) ==
        dir.path() + "/c.json: /site: missing required key \"name\"");
  CHECK(LoadError(dir.Write("d.json", R"({"site": {"name": ""}})")).find("/site/name: expected the site's name") !=
        std::string::npos);
  CHECK(LoadError(dir.Write("e.json", R"({"site": "popup"})")).find("/site: expected an object, got \"popup\"") !=
        std::string::npos);
}

TEST_CASE("config: site.timezone defaults to the zone TZ names, else UTC", "[config]") {
  TempDir dir;
  std::string file = dir.Write("ok.json", "{" + std::string(kSite) + "}");
  CHECK(Loaded(file, FakeEnv({{"TZ", ":Asia/Tokyo"}})).site().timezone == "Asia/Tokyo");
  CHECK(Loaded(file, FakeEnv({{"TZ", "CET-1CEST,M3.5.0,M10.5.0/3"}})).site().timezone == "UTC");
  CHECK(Loaded(file, FakeEnv({{"TZ", "Nowhere/Atlantis"}})).site().timezone == "UTC");
  std::string named = dir.Write("named.json", R"({"site": {"name": "x", "timezone": "Europe/Berlin"}})");
  CHECK(Loaded(named, FakeEnv({{"TZ", "Asia/Tokyo"}})).site().timezone == "Europe/Berlin");
}

TEST_CASE("config: site times are RFC 3339 and the event ends after it starts", "[config]") {
  TempDir dir;
  Config minimal = Loaded(dir.Write("ok.json", "{" + std::string(kSite) + "}"));
  CHECK(minimal.site().timezone == "UTC");
  CHECK_FALSE(minimal.site().starts_at.has_value());
  std::string backwards = dir.Write("back.json", R"({"site": {"name": "x", "starts_at": "2026-12-05T10:00:00Z",
                                                               "ends_at": "2026-12-05T09:00:00Z"}})");
  CHECK(LoadError(backwards) == backwards +
                                    ": /site/ends_at: 2026-12-05T09:00:00.000Z is not after starts_at "
                                    "2026-12-05T10:00:00.000Z");
  std::string bad = dir.Write("bad.json", R"({"site": {"name": "x", "starts_at": "2026-12-05 10:00"}})");
  CHECK(LoadError(bad).find(bad + ": /site/starts_at: expected an RFC 3339 time") == 0);
}

TEST_CASE("config: a section that is not an object is refused at load", "[config]") {
  TempDir dir;
  std::string file = dir.Write("event.json", "{" + std::string(kSite) + R"(, "budget": [1]})");
  CHECK(LoadError(file) == file + ": /budget: expected an object, got an array");
}

TEST_CASE("config: the folder of a relative config path is absolute", "[config]") {
  TempDir dir;
  std::string file = dir.Write("sub/event.json", "{" + std::string(kSite) + R"(, "price": {"catalog": "../c.json"}})");
  std::string relative = std::filesystem::relative(file).string();
  REQUIRE(relative.front() != '/');
  Config config = Loaded(relative);
  CHECK(config.path() == relative);
  CHECK(config.folder() == dir.path() + "/sub");
  CHECK(*config.Section("price")->Path("catalog") == dir.path() + "/c.json");
}

TEST_CASE("config: --config wins over the environment", "[config]") {
  TempDir dir;
  std::string flag = dir.Write("flag.json", "{}");
  std::string env_file = dir.Write("env.json", "{}");
  auto env = FakeEnv({{"EVT_CONFIG", env_file}, {"XDG_CONFIG_HOME", dir.path()}, {"HOME", dir.path()}});
  CHECK(*FindConfigFile(flag, env) == flag);
  CHECK(*FindConfigFile("", env) == env_file);
}

TEST_CASE("config: XDG_CONFIG_HOME, else HOME/.config, is the default place", "[config]") {
  TempDir dir;
  std::string xdg_file = dir.Write("xdg/evt/event.json", "{}");
  std::string home_file = dir.Write("home/.config/evt/event.json", "{}");
  auto both = FakeEnv({{"XDG_CONFIG_HOME", dir.path() + "/xdg"}, {"HOME", dir.path() + "/home"}});
  CHECK(*FindConfigFile("", both) == xdg_file);
  auto home_only = FakeEnv({{"HOME", dir.path() + "/home"}});
  CHECK(*FindConfigFile("", home_only) == home_file);
  auto relative_xdg = FakeEnv({{"XDG_CONFIG_HOME", "xdg"}, {"HOME", dir.path() + "/home"}, {"EVT_CONFIG", ""}});
  CHECK(*FindConfigFile("", relative_xdg) == home_file);
}

TEST_CASE("config: a named config file that is missing is missing input", "[config]") {
  TempDir dir;
  Result<std::string> flag = FindConfigFile(dir.path() + "/nope.json", FakeEnv({}));
  REQUIRE_FALSE(flag.ok());
  CHECK(flag.status().code() == ExitCode::kNoInput);
  CHECK(flag.status().message() == dir.path() + "/nope.json: config file not found (named by --config)");
  Result<std::string> env = FindConfigFile("", FakeEnv({{"EVT_CONFIG", dir.path() + "/gone.json"}}));
  REQUIRE_FALSE(env.ok());
  CHECK(env.status().code() == ExitCode::kNoInput);
  CHECK(env.status().message().find("(named by EVT_CONFIG)") != std::string::npos);
  Result<std::string> folder = FindConfigFile(dir.path(), FakeEnv({}));
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.status().message().find("is a directory") != std::string::npos);
}

TEST_CASE("config: no config at the default place says where it looked", "[config]") {
  TempDir dir;
  Result<std::string> found = FindConfigFile("", FakeEnv({{"XDG_CONFIG_HOME", dir.path()}}));
  REQUIRE_FALSE(found.ok());
  CHECK(found.status().code() == ExitCode::kConfig);
  CHECK(found.status().message() ==
        "no config file: looked for " + dir.path() + "/evt/event.json; pass --config FILE or set EVT_CONFIG");
  Result<std::string> nothing = FindConfigFile("", FakeEnv({}));
  REQUIRE_FALSE(nothing.ok());
  CHECK(nothing.status().message().find("pass --config FILE") != std::string::npos);
}

TEST_CASE("config: secrets in a section resolve against the config folder", "[config]") {
  TempDir dir;
  std::string file = dir.Write(
      "event.json", "{" + std::string(kSite) + R"(, "token": {"code": {"secret": {"file": "secrets/code.key"}}}})");
  std::string key = dir.Write("secrets/code.key", "k3y\n");
  Config config = Loaded(file);
  Result<ConfigObject> token = config.Section("token");
  REQUIRE(token.ok());
  REQUIRE(chmod(key.c_str(), 0644) == 0);
  CHECK(token->Object("code")->Secret("secret").status().message().find(
            file + ": /token/code/secret: secrets/code.key: secret file can be read or written by group or others "
                   "(mode 0644)") == 0);
  REQUIRE(chmod(key.c_str(), 0600) == 0);
  Result<Secret> secret = token->Object("code")->Secret("secret");
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "k3y");
}

}  // namespace
}  // namespace evt
