// Reading runbook.notify's transports (notifier.h): what is accepted, and
// a Config error (78) naming the key for what is not.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "common/json_parse.h"
#include "tools/runbook/notifier.h"

using namespace evt;
using namespace evt::runbook;

namespace {

Result<NotifySettings> Read(const std::string& notify) {
  Result<Value> doc = ParseJson(R"({"notify": )" + notify + "}", "event.json");
  REQUIRE(doc.ok());
  ConfigOrigin origin;
  origin.file = "event.json";
  origin.folder = "/nonexistent";
  origin.env = [](const char* name) -> const char* {
    static const std::map<std::string, std::string, std::less<>> vars = {
        {"TOKEN", "t0ken"}, {"SLACK_URL", "http://127.0.0.1:9/hook"}, {"NOT_A_URL", "hooks.example"}};
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  Result<ConfigObject> section = ConfigObject::FromValue(*doc, "/runbook", origin);
  REQUIRE(section.ok());
  Result<NotifySettings> settings = ReadNotifySettings(*section);
  if (settings.ok()) {
    Status finished = section->Finish();
    if (!finished.ok()) return finished;
  }
  return settings;
}

std::string Error(const std::string& notify) {
  Result<NotifySettings> settings = Read(notify);
  REQUIRE_FALSE(settings.ok());
  CHECK(settings.status().code() == ExitCode::kConfig);
  return settings.status().message();
}

}  // namespace

TEST_CASE("runbook notify settings: every transport is read with its secrets", "[runbook]") {
  Result<NotifySettings> s = Read(R"({
    "alertmanager": {"url": "http://127.0.0.1:9093/", "token": {"env": "TOKEN"}, "timeout": "2s"},
    "ntfy": {"url": "https://ntfy.example.net", "topic": "gate-oncall_1", "token": {"env": "TOKEN"}},
    "slack": {"url": {"env": "SLACK_URL"}},
    "matrix": {"homeserver": "https://matrix.example.net", "room": "!abc:example.net", "token": {"env": "TOKEN"}},
    "command": {"argv": ["notify-send", "evt"], "timeout": "3s"},
    "dedup_window": "1h"})");
  REQUIRE(s.ok());
  CHECK(s->alertmanager->url == "http://127.0.0.1:9093");
  CHECK(s->alertmanager->token->bytes() == "t0ken");
  CHECK(s->alertmanager->timeout == std::chrono::seconds(2));
  CHECK(s->ntfy->topic == "gate-oncall_1");
  CHECK(s->ntfy->timeout == std::chrono::seconds(5));
  CHECK(s->slack->url.bytes() == "http://127.0.0.1:9/hook");
  CHECK(s->matrix->room == "!abc:example.net");
  CHECK(s->command->argv == std::vector<std::string>{"notify-send", "evt"});
  CHECK(s->command->timeout == std::chrono::seconds(3));
  CHECK(s->dedup_window == std::chrono::hours(1));
  CHECK(NotifySecrets(*s).size() == 4);
}

TEST_CASE("runbook notify settings: the command's argv form still reads, without a timeout", "[runbook]") {
  Result<NotifySettings> s = Read(R"({"command": ["logger", "-t", "evt"]})");
  REQUIRE(s.ok());
  CHECK(s->command->argv == std::vector<std::string>{"logger", "-t", "evt"});
  CHECK_FALSE(s->command->timeout.has_value());
}

TEST_CASE("runbook notify settings: bad transports are config errors naming the key", "[runbook]") {
  CHECK(Error(R"({"dedup_window": "1h"})") ==
        "event.json: /runbook/notify: expected at least one transport: webhook, alertmanager, ntfy, slack, matrix, command");
  CHECK_THAT(Error(R"({"alertmanager": {"url": "127.0.0.1:9093"}})"),
             Catch::StartsWith("event.json: /runbook/notify/alertmanager/url: expected an http:// or https:// URL"));
  CHECK_THAT(Error(R"({"alertmanager": {"url": "http://am:9093/api/v2/alerts"}})"),
             Catch::Contains("/runbook/notify/alertmanager/url: expected the Alertmanager's base URL"));
  CHECK_THAT(Error(R"({"ntfy": {"url": "https://ntfy.sh", "topic": "a/b"}})"),
             Catch::Contains("/runbook/notify/ntfy/topic: expected 1 to 64 letters"));
  CHECK_THAT(Error(R"({"ntfy": {"url": "https://ntfy.sh"}})"), Catch::Contains("/runbook/notify/ntfy: missing required key \"topic\""));
  CHECK_THAT(Error(R"({"slack": {"url": "https://hooks.slack.com/services/T/B/X"}})"),
             Catch::Contains("/runbook/notify/slack/url"));
  CHECK_THAT(Error(R"({"slack": {"url": {"env": "NOT_A_URL"}}})"),
             Catch::Contains("/runbook/notify/slack/url: <secret from env NOT_A_URL>: expected an http://"));
  CHECK_THAT(Error(R"({"matrix": {"homeserver": "https://m.example", "room": "#oncall:m.example", "token": {"env": "TOKEN"}}})"),
             Catch::Contains("/runbook/notify/matrix/room: expected a room ID"));
  CHECK_THAT(Error(R"({"matrix": {"homeserver": "https://m.example", "room": "!r:m.example"}})"),
             Catch::Contains("/runbook/notify/matrix: missing required key \"token\""));
  CHECK_THAT(Error(R"({"command": {"argv": ["x"], "timeout": "0s"}})"),
             Catch::Contains("/runbook/notify/command/timeout: expected a duration above 0"));
  CHECK_THAT(Error(R"({"command": []})"), Catch::Contains("/runbook/notify/command: expected a program"));
  CHECK_THAT(Error(R"({"command": "notify-send"})"), Catch::Contains("/runbook/notify/command: expected an argv array"));
  CHECK_THAT(Error(R"({"ntfy": {"url": "https://ntfy.sh", "topic": "t", "priority": 5}})"),
             Catch::Contains("/runbook/notify/ntfy/priority: unknown key"));
}
