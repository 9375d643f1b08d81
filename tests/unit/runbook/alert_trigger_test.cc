#include <catch2/catch.hpp>

#include "tools/runbook/alert_trigger.h"

namespace evt::runbook {
namespace {

// What Alertmanager 0.25's webhook receiver posts, trimmed to two alerts.
constexpr std::string_view kWebhook = R"({
  "version": "4", "groupKey": "{}/{}:{alertname=\"UplinkDown\"}", "truncatedAlerts": 0,
  "status": "firing", "receiver": "evt", "groupLabels": {"alertname": "UplinkDown"},
  "commonLabels": {"alertname": "UplinkDown"}, "commonAnnotations": {}, "externalURL": "http://127.0.0.1:9093",
  "alerts": [
    {"status": "firing", "labels": {"alertname": "UplinkDown", "site": "north"},
     "annotations": {"summary": "uplink north down"}, "startsAt": "2026-12-06T10:00:00Z",
     "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "", "fingerprint": "aaa1"},
    {"status": "resolved", "labels": {"alertname": "UplinkDown", "site": "south"},
     "annotations": {}, "startsAt": "2026-12-06T09:00:00Z",
     "endsAt": "2026-12-06T09:30:00Z", "generatorURL": "", "fingerprint": "bbb2"}
  ]})";

TEST_CASE("alert trigger: one trigger per alert of a version 4 webhook, keyed on its situation") {
  Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(kWebhook);
  REQUIRE(triggers.ok());
  REQUIRE(triggers->size() == 2);
  const Trigger& north = (*triggers)[0];
  CHECK(north.source == Trigger::Source::kAlertmanager);
  CHECK(north.status == "firing");
  CHECK(north.labels.at("site") == "north");
  CHECK(north.annotations.at("summary") == "uplink north down");
  CHECK(north.fingerprints == std::vector<std::string>{"aaa1"});
  CHECK(north.starts_at == "2026-12-06T10:00:00Z");
  CHECK(north.group_key == "{}/{}:{alertname=\"UplinkDown\"}");
  CHECK((*triggers)[1].status == "resolved");
  CHECK(north.situation != (*triggers)[1].situation);
}

TEST_CASE("alert trigger: the same alert sent again has the same situation, a new startsAt makes a new one") {
  Result<std::vector<Trigger>> first = ParseAlertmanagerWebhook(kWebhook);
  Result<std::vector<Trigger>> again = ParseAlertmanagerWebhook(kWebhook);
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK((*first)[0].situation == (*again)[0].situation);
  std::string later(kWebhook);
  later.replace(later.find("2026-12-06T10:00:00Z"), 20, "2026-12-06T11:00:00Z");
  Result<std::vector<Trigger>> refired = ParseAlertmanagerWebhook(later);
  REQUIRE(refired.ok());
  CHECK((*refired)[0].situation != (*first)[0].situation);
}

TEST_CASE("alert trigger: a malformed body is DataErr naming where") {
  struct Case {
    std::string body;
    std::string message;
  };
  std::string v3(kWebhook);
  v3.replace(v3.find(R"("version": "4")"), 14, R"("version": "3")");
  std::string bad_status(kWebhook);
  bad_status.replace(bad_status.find(R"("status": "resolved")"), 20, R"("status": "pending" )");
  const Case cases[] = {
      {"not json", ""},
      {"[]", "expected an object"},
      {R"({"version": "4", "groupKey": "g"})", "/alerts: missing"},
      {R"({"version": "4", "groupKey": "g", "alerts": {}})", "/alerts: expected an array"},
      {R"({"groupKey": "g", "alerts": []})", "/version: missing"},
      {v3, "/version: expected \"4\""},
      {R"({"version": "4", "groupKey": "g", "alerts": [{"status": "firing", "startsAt": "x"}]})",
       "/alerts/0/fingerprint: missing"},
      {bad_status, "/alerts/1/status: expected \"firing\" or \"resolved\""},
      {R"({"version": "4", "groupKey": "g", "alerts": [{"status": "firing", "labels": {"a": 1}}]})",
       "/alerts/0/labels/a: expected a string"},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(c.body);
    REQUIRE_FALSE(triggers.ok());
    CHECK(triggers.status().code() == ExitCode::kDataErr);
    CHECK_THAT(triggers.status().message(), Catch::Contains(c.message));
  }
}

TEST_CASE("alert trigger: an empty alerts array is no trigger, not an error") {
  Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(R"({"version": "4", "groupKey": "g", "alerts": []})");
  REQUIRE(triggers.ok());
  CHECK(triggers->empty());
}

Value Record(std::initializer_list<Member> members) { return Value::object(members); }

TEST_CASE("alert trigger: records that can start a runbook, and those that cannot") {
  std::optional<Trigger> raise = TriggerFromRecord(Record({{"kind", "anomaly"}, {"v", 1}, {"ts", "2026-12-06T10:00:00Z"},
                                                           {"series", "checkout_ms"}, {"state", "raise"},
                                                           {"labels", Value::object({{"site", "north"}})}}));
  REQUIRE(raise);
  CHECK(raise->status == "firing");
  CHECK(raise->subject == "checkout_ms");
  CHECK(raise->labels.at("kind") == "anomaly");
  CHECK(raise->labels.at("site") == "north");
  CHECK(raise->labels.at("v") == "1");

  std::optional<Trigger> clear = TriggerFromRecord(Record({{"kind", "anomaly"}, {"series", "checkout_ms"}, {"state", "clear"}}));
  REQUIRE(clear);
  CHECK(clear->status == "resolved");

  Value budget = Record({{"kind", "budget"}, {"name", "uplink"}, {"state", "over"},
                         {"alerts", Value::array({Value::object({{"severity", "ticket"}, {"firing", true}}),
                                                  Value::object({{"severity", "page"}, {"firing", true}})})}});
  std::optional<Trigger> page = TriggerFromRecord(budget);
  REQUIRE(page);
  CHECK(page->status == "firing");
  CHECK(page->labels.at("severity") == "page");
  CHECK_FALSE(TriggerFromRecord(Record({{"kind", "budget"}, {"name", "uplink"}, {"state", "warn"}})));
  CHECK(TriggerFromRecord(Record({{"kind", "budget"}, {"state", "ok"}}))->status == "resolved");

  CHECK(TriggerFromRecord(Record({{"kind", "failover"}, {"event", "switch"}, {"path", "4g"}}))->status == "firing");
  CHECK_FALSE(TriggerFromRecord(Record({{"kind", "failover"}, {"event", "suppressed"}})));
  std::optional<Trigger> flow = TriggerFromRecord(Record({{"kind", "flow"}, {"target", "shop"}, {"flow", "buy"}, {"ok", false}}));
  REQUIRE(flow);
  CHECK(flow->status == "firing");
  CHECK(flow->subject == "shop/buy");
  CHECK_FALSE(TriggerFromRecord(Record({{"kind", "probe"}, {"ok", false}})));
  CHECK_FALSE(TriggerFromRecord(Value("not an object")));
}

}  // namespace
}  // namespace evt::runbook
