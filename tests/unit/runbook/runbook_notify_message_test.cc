// What each notify transport receives of one message (notify_message.h).
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/json_writer.h"
#include "tools/runbook/notify_message.h"

using namespace evt;
using namespace evt::runbook;

namespace {

NotifyMessage Sample() {
  NotifyMessage m;
  m.text = "uplink down at <gate> & 5G on\nswitched at 14:02";
  m.key = "uplink";
  m.severity = "critical";
  m.site = "popup-berlin";
  m.runbook = "page";
  m.run_id = "r1";
  m.host = "kiosk-1";
  m.id = "r1.3";
  m.ts = TimePoint(std::chrono::milliseconds(1'780'000'000'000));
  return m;
}

std::string Json(const Value& v) { return *ToJson(v); }

}  // namespace

TEST_CASE("runbook notify message: title, summary and description say the same thing everywhere", "[runbook]") {
  NotifyMessage m = Sample();
  CHECK(Summary(m) == "uplink down at <gate> & 5G on");
  CHECK(Title(m) == "[critical] popup-berlin: uplink down at <gate> & 5G on");
  CHECK(Description(m) == "uplink down at <gate> & 5G on\nswitched at 14:02\n\nrunbook page, run r1 on kiosk-1");
  m.site = "";
  m.text = "one line \r";
  CHECK(Title(m) == "[critical] one line");
}

TEST_CASE("runbook notify message: Alertmanager gets one alert that ends with the dedup window", "[runbook]") {
  CHECK(Json(AlertmanagerBody(Sample(), std::chrono::minutes(10))) ==
        R"([{"labels":{"alertname":"uplink","site":"popup-berlin","severity":"critical","runbook":"page"},)"
        R"("annotations":{"summary":"uplink down at <gate> & 5G on","description":"uplink down at <gate> & 5G on\n)"
        R"(switched at 14:02\n\nrunbook page, run r1 on kiosk-1"},)"
        R"("startsAt":"2026-05-28T20:26:40.000Z","endsAt":"2026-05-28T20:36:40.000Z"}])");
}

TEST_CASE("runbook notify message: ntfy headers carry title, priority and tags, non-ASCII encoded", "[runbook]") {
  NotifyMessage m = Sample();
  CHECK(NtfyHeaders(m) == std::vector<std::string>{"Title: [critical] popup-berlin: uplink down at <gate> & 5G on",
                                                   "Priority: 5", "Tags: rotating_light,evt"});
  m.severity = "info";
  m.text = "Kasse ausgefallen \xc3\xbc";
  CHECK(NtfyHeaders(m) == std::vector<std::string>{"Title: =?UTF-8?B?W2luZm9dIHBvcHVwLWJlcmxpbjogS2Fzc2UgYXVzZ2VmYWxsZW4gw7w=?=",
                                                   "Priority: 3", "Tags: information_source,evt"});
  // Every padding of base64: none, two and (above) one '='.
  m.text = "Kasse ausgefallen \xc3\xbc!";
  CHECK(NtfyHeaders(m)[0] == "Title: =?UTF-8?B?W2luZm9dIHBvcHVwLWJlcmxpbjogS2Fzc2UgYXVzZ2VmYWxsZW4gw7wh?=");
  m.text = "Kasse ausgefallen \xc3\xbc!!";
  CHECK(NtfyHeaders(m)[0] == "Title: =?UTF-8?B?W2luZm9dIHBvcHVwLWJlcmxpbjogS2Fzc2UgYXVzZ2VmYWxsZW4gw7whIQ==?=");
  m.text = "Kasse ausgefallen \xc3\xbc";
  m.severity = "warning";
  CHECK(NtfyHeaders(m)[1] == "Priority: 4");
  CHECK(NtfyBody(m) == "Kasse ausgefallen \xc3\xbc\n\nrunbook page, run r1 on kiosk-1");
}

TEST_CASE("runbook notify message: Slack text is escaped so a message cannot ping or link", "[runbook]") {
  NotifyMessage m = Sample();
  m.text = "<!channel> see <http://x|here> & go";
  CHECK(Json(SlackBody(m)) ==
        R"({"text":"[critical] popup-berlin: &lt;!channel&gt; see &lt;http://x|here&gt; &amp; go\n\nrunbook page, run r1 on kiosk-1"})");
}

TEST_CASE("runbook notify message: Matrix gets m.text at a percent-encoded room and transaction", "[runbook]") {
  NotifyMessage m = Sample();
  CHECK(MatrixPath("!room:example.net", m) == "/_matrix/client/v3/rooms/%21room%3Aexample.net/send/m.room.message/r1.3");
  CHECK(Json(MatrixBody(m)) ==
        R"({"msgtype":"m.text","body":"[critical] popup-berlin: uplink down at <gate> & 5G on\nswitched at 14:02\n\n)"
        R"(runbook page, run r1 on kiosk-1"})");
}

TEST_CASE("runbook notify message: a command gets the fields in its environment", "[runbook]") {
  std::vector<std::string> env = CommandEnvironment(Sample());
  auto has = [&](const std::string& entry) { return std::find(env.begin(), env.end(), entry) != env.end(); };
  CHECK(has("EVT_NOTIFY_SUMMARY=uplink down at <gate> & 5G on"));
  CHECK(has("EVT_NOTIFY_SEVERITY=critical"));
  CHECK(has("EVT_NOTIFY_KEY=uplink"));
  CHECK(has("EVT_NOTIFY_SITE=popup-berlin"));
  CHECK(has("EVT_NOTIFY_RUN_ID=r1"));
  CHECK(has("EVT_NOTIFY_TS=2026-05-28T20:26:40.000Z"));
  CHECK(has("EVT_NOTIFY_TEXT=uplink down at <gate> & 5G on\nswitched at 14:02"));
}

TEST_CASE("runbook notify message: a resolve ends the alert now and says so everywhere", "[runbook]") {
  NotifyMessage m = Sample();
  m.resolved = true;
  CHECK(Title(m) == "[resolved] popup-berlin: uplink down at <gate> & 5G on");
  Value alert = AlertmanagerBody(m, std::chrono::minutes(10)).as_array().front();
  CHECK(alert.find("endsAt")->as_string() == "2026-05-28T20:26:40.000Z");
  CHECK(alert.find("labels")->find("severity")->as_string() == "critical");
  CHECK(NtfyHeaders(m)[1] == "Priority: 3");
  CHECK(NtfyHeaders(m)[2] == "Tags: white_check_mark,evt");
  CHECK(WebhookBody(m).find("status")->as_string() == "resolved");
  std::vector<std::string> env = CommandEnvironment(m);
  CHECK(std::find(env.begin(), env.end(), "EVT_NOTIFY_STATUS=resolved") != env.end());
}
