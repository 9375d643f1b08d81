#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "tools/budget/polkit_rule.h"

namespace evt::budget {
namespace {

// The grants for a config whose runbooks.shed-non-essential is `shed_json`.
Result<std::vector<UnitGrant>> GrantsFor(const std::string& shed_json) {
  char path[] = "/tmp/evt-polkit-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path);
    out << R"({"site": {"name": "t"}, "runbooks": {"shed-non-essential": )" << shed_json << "}}";
  }
  Result<Config> config = LoadConfig(path);
  std::remove(path);
  REQUIRE(config.ok());
  return ReadShedUnitGrants(*config);
}

std::string ErrorFor(const std::string& shed_json) {
  Result<std::vector<UnitGrant>> grants = GrantsFor(shed_json);
  REQUIRE(!grants.ok());
  CHECK(grants.status().code() == ExitCode::kConfig);
  return grants.status().message();
}

TEST_CASE("polkit rule: a unit is named as systemctl completes it") {
  CHECK(*SystemctlUnitName("analytics") == "analytics.service");
  CHECK(*SystemctlUnitName("analytics.service") == "analytics.service");
  CHECK(*SystemctlUnitName("nginx.socket") == "nginx.socket");
  CHECK(*SystemctlUnitName("getty@tty1") == "getty@tty1.service");
  CHECK(*SystemctlUnitName("v1.2") == "v1.2.service");
  CHECK(!SystemctlUnitName("/srv/media").ok());
  CHECK(!SystemctlUnitName("ar overlay").ok());
  CHECK(!SystemctlUnitName("").ok());
}

TEST_CASE("polkit rule: the units and verbs of pause and resume, not status") {
  auto grants = GrantsFor(R"({
    "status": {"a": ["systemctl", "is-active", "--quiet", "enc"]},
    "pause": {"a": ["systemctl", "stop", "enc"], "b": ["/usr/bin/systemctl", "--no-block", "stop", "cam.socket", "mic"],
              "c": ["pkill", "-STOP", "overlay"]},
    "resume": {"a": ["systemctl", "restart", "enc.service"], "b": ["systemctl", "start", "cam.socket", "mic"]}})");
  REQUIRE(grants.ok());
  REQUIRE(grants->size() == 3);
  CHECK((*grants)[0].unit == "cam.socket");
  CHECK((*grants)[0].verbs == std::vector<std::string>{"start", "stop"});
  CHECK((*grants)[1].unit == "enc.service");
  CHECK((*grants)[1].verbs == std::vector<std::string>{"restart", "stop"});
  CHECK((*grants)[2].unit == "mic.service");
}

TEST_CASE("polkit rule: systemctl's try-reload-or-restart is polkit's reload-or-try-restart") {
  auto grants = GrantsFor(R"({"pause": {"a": ["systemctl", "try-reload-or-restart", "enc"]}})");
  REQUIRE(grants.ok());
  CHECK((*grants)[0].verbs == std::vector<std::string>{"reload-or-try-restart"});
}

TEST_CASE("polkit rule: what cannot be granted is a config error naming the command") {
  CHECK(ErrorFor(R"({"pause": {"a": ["systemctl", "enable", "enc"]}})").ends_with(
        ": /runbooks/shed-non-essential/pause/a: systemctl enable: not a verb the rule grants (known: "
        "start, stop, restart, try-restart, reload, reload-or-restart, try-reload-or-restart)"));
  CHECK(ErrorFor(R"({"resume": {"x/y": ["systemctl", "--user", "start", "enc"]}})")
            .find("/runbooks/shed-non-essential/resume/x~1y: systemctl --user: an option") != std::string::npos);
  CHECK(ErrorFor(R"({"pause": {"a": ["systemctl", "stop"]}})").find("pause/a: systemctl stop: no unit named") !=
        std::string::npos);
  CHECK(ErrorFor(R"({"pause": {"a": ["systemctl", "stop", "/srv"]}})").find("pause/a: \"/srv\": not a unit name") !=
        std::string::npos);
  CHECK(ErrorFor(R"({"pause": {"a": "systemctl stop enc"}})").find("pause/a: expected a command") != std::string::npos);
  CHECK(ErrorFor(R"({"pause": ["systemctl", "stop", "enc"]})").find("pause: expected an object") != std::string::npos);
  CHECK(ErrorFor(R"({"pause": {"a": ["pkill", "enc"]}})").find("no pause or resume command runs systemctl") !=
        std::string::npos);
}

TEST_CASE("polkit rule: the file names each unit with its verbs, inside one closure") {
  std::string rule = PolkitShedRule("pop\"up", {{"a.service", {"start", "stop"}}, {"b\\x2d.socket", {"stop"}}});
  CHECK(rule.find("for site \"pop\\\"up\". A site\n") != std::string::npos);
  CHECK(rule.find("        \"a.service\": [\"start\", \"stop\"],\n        \"b\\\\x2d.socket\": [\"stop\"]\n    };\n") !=
        std::string::npos);
  CHECK(rule.starts_with("// polkit:"));
  CHECK(rule.ends_with("})());\n"));
  CHECK(rule.find("let ") == std::string::npos);
  CHECK(rule.find("=>") == std::string::npos);
}

TEST_CASE("polkit rule: no shed config, no rule") {
  char path[] = "/tmp/evt-polkit-test-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  { std::ofstream(path) << R"({"site": {"name": "t"}})"; }
  Result<Config> config = LoadConfig(path);
  std::remove(path);
  REQUIRE(config.ok());
  Result<std::vector<UnitGrant>> grants = ReadShedUnitGrants(*config);
  REQUIRE(!grants.ok());
  CHECK(grants.status().message().find("/runbooks/shed-non-essential: no shed config") != std::string::npos);
}

}  // namespace
}  // namespace evt::budget
