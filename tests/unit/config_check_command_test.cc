#include "common/config_check_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/cli_main.h"
#include "common/messages.h"

namespace evt {
namespace {

// A private folder for config files, removed when the test ends.
struct TempFolder {
  std::filesystem::path path;
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "evt-config-check.XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

// A tool with `config check`, whose section check is given, and whose
// environment is a map (nothing from the real one).
struct CheckedTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  std::map<std::string, std::string> env;
  bool ran = false;
  std::ostringstream out;

  explicit CheckedTool(ConfigSectionCheck check = [](const Config&) { return Status::Ok(); }) {
    AddCommonOptions(app, common);
    app.add_subcommand("scan", "scan something");
    AddConfigCheck(app, common, std::move(check), [this](const char* name) -> const char* {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  }

  int Run(std::vector<const char*> args) {
    args.insert(args.begin(), "evt-demo");
    return RunMainInProcess(app, static_cast<int>(args.size()), args.data(),
                            [this] {
                              ran = true;
                              return Status::Ok();
                            },
                            out);
  }
};

TEST_CASE("config check: a good config prints PATH: ok and exits 0 without running the tool", "[config_check]") {
  TempFolder folder;
  std::string path = folder.Write("event.json", R"({"site": {"name": "popup-berlin-01"}})");
  std::string site_seen;
  CheckedTool tool([&site_seen](const Config& config) {
    site_seen = config.site().name;
    return Status::Ok();
  });
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 0);
  CHECK(tool.out.str() == path + ": ok\n");
  CHECK(site_seen == "popup-berlin-01");
  CHECK_FALSE(tool.ran);
  CHECK(messages.text().empty());
}

TEST_CASE("config check: the tool's section check decides, its error exits 78", "[config_check]") {
  TempFolder folder;
  std::string path = folder.Write("event.json", R"({"site": {"name": "x"}, "price": {"currency": "EURO"}})");
  CheckedTool tool([](const Config& config) -> Status {
    Result<ConfigObject> price = config.Section("price");
    if (!price.ok()) return price.status();
    return Status::Config(price->Where("currency") + ": expected an ISO 4217 code, got \"EURO\"");
  });
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 78);
  CHECK(tool.out.str().empty());
  CHECK(messages.text() == "evt-demo: " + path + ": /price/currency: expected an ISO 4217 code, got \"EURO\"\n");
}

TEST_CASE("config check: any error from the section check is bad config", "[config_check]") {
  TempFolder folder;
  std::string path = folder.Write("event.json", R"({"site": {"name": "x"}})");
  CheckedTool tool([](const Config&) { return Status::DataErr("rates.csv:3: expected a number"); });
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 78);
  CHECK(messages.text() == "evt-demo: rates.csv:3: expected a number\n");
}

TEST_CASE("config check: an unknown key exits 78 naming its path", "[config_check]") {
  TempFolder folder;
  std::string path = folder.Write("event.json", R"({"site": {"name": "x"}, "probes": {}})");
  CheckedTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 78);
  CHECK(messages.text().rfind("evt-demo: " + path + ": /probes: unknown key", 0) == 0);
}

TEST_CASE("config check: malformed JSON exits 78", "[config_check]") {
  TempFolder folder;
  std::string path = folder.Write("event.json", R"({"site": {"name": )");
  CheckedTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 78);
  CHECK(messages.text().find(path) != std::string::npos);
}

TEST_CASE("config check: a missing file named by --config exits 66", "[config_check]") {
  TempFolder folder;
  std::string path = (folder.path / "nope.json").string();
  CheckedTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check", "--config", path.c_str()}) == 66);
  CHECK(messages.text().find(path) != std::string::npos);
}

TEST_CASE("config check: the config comes from $EVT_CONFIG, and --config wins over it", "[config_check]") {
  TempFolder folder;
  std::string good = folder.Write("good.json", R"({"site": {"name": "x"}})");
  std::string bad = folder.Write("bad.json", R"({"sitee": {}})");
  CheckedTool from_env;
  from_env.env["EVT_CONFIG"] = good;
  CHECK(from_env.Run({"config", "check"}) == 0);
  CHECK(from_env.out.str() == good + ": ok\n");

  CheckedTool flag_wins;
  flag_wins.env["EVT_CONFIG"] = bad;
  CHECK(flag_wins.Run({"--config", good.c_str(), "config", "check"}) == 0);
}

TEST_CASE("config check: with no config anywhere it says where it looked, 78", "[config_check]") {
  TempFolder folder;
  CheckedTool tool;
  tool.env["XDG_CONFIG_HOME"] = folder.path.string();
  CapturedMessages messages;
  CHECK(tool.Run({"config", "check"}) == 78);
  CHECK(messages.text().find((folder.path / "evt/event.json").string()) != std::string::npos);
}

TEST_CASE("config check: 'config' alone is a usage error", "[config_check]") {
  CheckedTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"config"}) == 2);
  CHECK(messages.text().rfind("evt-demo: a subcommand is required\n", 0) == 0);
}

TEST_CASE("config check: another subcommand runs the tool, not the check", "[config_check]") {
  CheckedTool tool([](const Config&) { return Status::Config("must not be called"); });
  CHECK(tool.Run({"scan"}) == 0);
  CHECK(tool.ran);
  CHECK(ChosenConfigCheck(tool.app) == nullptr);
}

}  // namespace
}  // namespace evt

TEST_CASE("config check: a file the config names is bad config when broken, the config's pointer first",
          "[config_check]") {
  evt::Status missing = evt::NamedFileError("event.json: /price/promotions", evt::Status::NoInput("promotions.json: cannot open"));
  CHECK(missing.code() == evt::ExitCode::kConfig);
  CHECK(missing.message() == "event.json: /price/promotions: promotions.json: cannot open");
  evt::Status bad = evt::NamedFileError("event.json: /token/jwks", evt::Status::DataErr("jwks.json: keys[0]: \"d\": private"));
  CHECK(bad.code() == evt::ExitCode::kConfig);
  CHECK(bad.message() == "event.json: /token/jwks: jwks.json: keys[0]: \"d\": private");
  CHECK(evt::NamedFileError("event.json: /price/catalog", evt::Status::Ok()).ok());
}
