#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/runbook/trigger_rules.h"
#include "tools/runbook/trigger_rules_vet.h"

namespace evt::runbook {
namespace {

Result<TriggerRules> Read(std::string_view json) {
  Result<Value> v = ParseJson(json, "test");
  REQUIRE(v.ok());
  Result<ConfigObject> section = ConfigObject::FromValue(*v, "/runbook", ConfigOrigin{"event.json", "/"});
  REQUIRE(section.ok());
  Result<TriggerRules> rules = ReadTriggerRules(*section);
  if (rules.ok()) {
    Status finish = section->Finish();
    if (!finish.ok()) return finish;
  }
  return rules;
}

constexpr std::string_view kRules = R"({
  "rules": [
    {"name": "uplink-down", "match": {"alertmanager": {"alertname": "UplinkDown", "severity": "!info"}},
     "runbook": "notify-oncall", "vars": {"message": "{{annotations.summary}}"},
     "group_by": ["alertname", "site"], "group_wait": "2s", "cooldown": "5m",
     "rate_limit": {"runs": 3, "per": "1h"}, "on_resolved": "notify-clear",
     "approval": {"required": true, "timeout": "10m", "on_timeout": "run"}},
    {"name": "checkout-anomaly", "match": {"record": {"kind": "anomaly", "series": "~^checkout.*"}},
     "runbook": "diagnose", "streak": 2}
  ],
  "inhibit": [{"source": {"alertname": "UplinkDown"}, "target": {"alertname": "CheckoutSlow"}, "equal": ["site"]}],
  "dedup_ttl": "1h"
})";

TEST_CASE("trigger rules: every key read") {
  Result<TriggerRules> rules = Read(kRules);
  REQUIRE(rules.ok());
  REQUIRE(rules->rules.size() == 2);
  const TriggerRule& uplink = rules->rules[0];
  CHECK(uplink.source == Trigger::Source::kAlertmanager);
  CHECK(uplink.where == "event.json: /runbook/rules/0");
  CHECK(uplink.group_by == std::vector<std::string>{"alertname", "site"});
  CHECK(uplink.group_wait == Duration(2000));
  CHECK(uplink.cooldown == Duration(300000));
  CHECK(uplink.rate_runs == 3);
  CHECK(uplink.rate_per == Duration(3600000));
  CHECK(uplink.on_resolved == "notify-clear");
  CHECK(uplink.approval.required == std::optional<bool>(true));
  CHECK(uplink.approval.run_on_timeout);
  CHECK(uplink.vars.at("message") == "{{annotations.summary}}");
  CHECK(MatchesAll(uplink.match, {{"alertname", "UplinkDown"}, {"severity", "page"}}));
  CHECK_FALSE(MatchesAll(uplink.match, {{"alertname", "UplinkDown"}, {"severity", "info"}}));
  const TriggerRule& anomaly = rules->rules[1];
  CHECK(anomaly.source == Trigger::Source::kRecord);
  CHECK(anomaly.streak == 2);
  CHECK_FALSE(anomaly.approval.required.has_value());
  CHECK(MatchesAll(anomaly.match, {{"kind", "anomaly"}, {"series", "checkout_ms"}}));
  CHECK_FALSE(MatchesAll(anomaly.match, {{"kind", "anomaly"}, {"series", "x_checkout"}}));
  REQUIRE(rules->inhibit.size() == 1);
  CHECK(rules->inhibit[0].equal == std::vector<std::string>{"site"});
  CHECK(rules->dedup_ttl == Duration(3600000));
}

TEST_CASE("trigger rules: absent keys mean no rules and a 24h ledger") {
  Result<TriggerRules> rules = Read("{}");
  REQUIRE(rules.ok());
  CHECK(rules->rules.empty());
  CHECK(rules->dedup_ttl == std::chrono::hours(24));
}

TEST_CASE("trigger rules: bad config is Config (78) naming the pointer") {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {R"({"rules": [{"name": "a", "match": {"alertmanager": {}}, "runbook": "r", "grop_by": []}]})",
       "/runbook/rules/0/grop_by: unknown key"},
      {R"({"rules": [{"name": "a", "match": {"alertmanager": {"x": "~("}}, "runbook": "r"}]})",
       "/runbook/rules/0/match/alertmanager/x: \"(\": not a regular expression"},
      {R"({"rules": [{"name": "a", "match": {"pager": {}}, "runbook": "r"}]})",
       "/runbook/rules/0/match: expected exactly one of"},
      {R"({"rules": [{"name": "a", "match": {"record": {}}, "runbook": "r", "group_wait": "soon"}]})",
       "/runbook/rules/0/group_wait"},
      {R"({"rules": [{"name": "a", "match": {"record": {}}, "runbook": "r", "streak": 0}]})",
       "/runbook/rules/0/streak: expected at least 1"},
      {R"({"rules": [{"name": "a", "match": {"record": {}}, "runbook": "r",
                      "approval": {"on_timeout": "ask"}}]})",
       "/runbook/rules/0/approval/on_timeout: expected \"skip\" or \"run\""},
      {R"({"rules": [{"name": "a", "match": {"record": {}}, "runbook": "r"},
                     {"name": "a", "match": {"record": {}}, "runbook": "r"}]})",
       "/runbook/rules/1/name: \"a\": a second rule of this name"},
      {R"({"rules": [{"name": "a", "match": {"record": {}}, "runbook": "r", "rate_limit": {"runs": 2}}]})",
       "/runbook/rules/0/rate_limit: missing required key \"per\""},
      {R"({"inhibit": [{"source": {}, "target": {}, "equals": []}]})", "/runbook/inhibit/0/equals: unknown key"},
      {R"({"dedup_ttl": "0s"})", "/runbook/dedup_ttl: expected a duration above 0"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    Result<TriggerRules> rules = Read(c.json);
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().code() == ExitCode::kConfig);
    CHECK_THAT(rules.status().message(), Catch::Contains(c.message));
  }
}

TEST_CASE("trigger rules: vetting refuses an unknown runbook and asks approval for one that mutates") {
  Result<TriggerRules> rules = Read(kRules);
  REQUIRE(rules.ok());
  auto vet = [](const std::string& name) -> RunbookVetting {
    if (name == "notify-oncall" || name == "notify-clear") return {"", false};
    if (name == "diagnose") return {"", true};
    return {"not found", false};
  };
  TriggerRules vetted = *rules;
  REQUIRE(VetTriggerRules(vetted, vet).ok());
  CHECK(vetted.rules[0].approval.required == std::optional<bool>(true));  // said so, though it does not mutate
  CHECK(vetted.rules[1].approval.required == std::optional<bool>(true));  // unset, and it mutates

  TriggerRules unknown = *rules;
  unknown.rules[1].runbook = "no-such";
  Status status = VetTriggerRules(unknown, vet);
  CHECK(status.code() == ExitCode::kConfig);
  CHECK(status.message() == "event.json: /runbook/rules/1/runbook: \"no-such\": not found");

  TriggerRules bad_undo = *rules;
  bad_undo.rules[0].on_resolved = "gone";
  CHECK_THAT(VetTriggerRules(bad_undo, vet).message(), Catch::Contains("/runbook/rules/0/on_resolved: \"gone\""));
}

TEST_CASE("trigger rules: the command-access table must vouch for every evt.tool call") {
  Result<CommandTable> table = CommandTable::Parse(
      R"({"tool": "evt-budget", "command": [], "access": "mutating", "dry_run": false, "subcommands": ["check"], "flags": [], "value_options": []}
{"tool": "evt-budget", "command": ["check"], "access": "read-only", "dry_run": false, "subcommands": [], "flags": ["--json"], "value_options": []}
)",
      "table");
  INFO(table.status().message());
  REQUIRE(table.ok());
  CHECK(UnvouchedToolCalls(R"(local r = evt.tool("budget", { "check", "--json" }))", *table).empty());
  CHECK(UnvouchedToolCalls(R"(local r = evt.tool("evt-budget", args, { mutates = true }))", *table).empty());
  CHECK(UnvouchedToolCalls("-- evt.tool(\"nope\")\nlocal x = 1", *table).empty());
  std::vector<std::string> unknown_tool = UnvouchedToolCalls("\n\nevt.tool('scrape', {'run'})", *table);
  REQUIRE(unknown_tool.size() == 1);
  CHECK(unknown_tool[0] == "3: evt.tool(\"evt-scrape\"): not in the command-access table");
  std::vector<std::string> unknown_word = UnvouchedToolCalls(R"(evt.tool("budget", { "explode" }))", *table);
  REQUIRE(unknown_word.size() == 1);
  CHECK_THAT(unknown_word[0], Catch::Contains("{\"explode\"}): not in the command-access table"));
  std::vector<std::string> dynamic = UnvouchedToolCalls("evt.tool(name, {})", *table);
  REQUIRE(dynamic.size() == 1);
  CHECK_THAT(dynamic[0], Catch::Contains("not written out"));
}

}  // namespace
}  // namespace evt::runbook
