// evt-runbook serve's pieces: the record input's lines, the child's argv
// and run id, runbook.serve's settings, and a session that turns an
// offered alert into a decision record, a launched run and its end.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "common/config_object.h"
#include "common/json_parse.h"
#include "common/process_state.h"
#include "tests/unit/runbook/runbook_test_util.h"
#include "tools/runbook/dispatch_store.h"
#include "tools/runbook/serve_endpoints.h"
#include "tools/runbook/serve_launcher.h"
#include "tools/runbook/serve_session.h"
#include "tools/runbook/serve_settings.h"

using namespace evt;
using namespace evt::runbook;

namespace {

ConfigObject RunbookSection(const std::string& json) {
  Result<Value> value = ParseJson(json, "test");
  REQUIRE(value.ok());
  Result<ConfigObject> section = ConfigObject::FromValue(*value, "/runbook", ConfigOrigin{"event.json", "/tmp", {}});
  REQUIRE(section.ok());
  return *section;
}

std::string ReadAll(std::FILE* file) {
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text.push_back(static_cast<char>(c));
  return text;
}

}  // namespace

TEST_CASE("serve: record lines become triggers, a bad line is named", "[runbook][serve]") {
  Result<std::vector<Trigger>> none = TriggersFromLines("{\"kind\": \"probe\", \"target\": \"x\"}\n\n");
  REQUIRE(none.ok());
  CHECK(none->empty());
  Result<std::vector<Trigger>> bad = TriggersFromLines("{\"kind\": \"probe\"}\n{not json\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ExitCode::kDataErr);
  CHECK_THAT(bad.status().message(), Catch::StartsWith("line 2"));
  Result<std::vector<Trigger>> array = TriggersFromLines("[1]\n");
  REQUIRE_FALSE(array.ok());
  CHECK_THAT(array.status().message(), Catch::Contains("line 1: expected a record"));
}

TEST_CASE("serve: the child is evt-runbook run --yes with the vars", "[runbook][serve]") {
  CommonOptions common;
  common.config = "/etc/evt/event.json";
  std::vector<std::string> argv = RunArgv("/usr/bin/evt-runbook", common, {"d1", "fix", {{"site", "gate-7"}}});
  CHECK(argv == std::vector<std::string>{"/usr/bin/evt-runbook", "run", "--yes", "--json", "--config",
                                         "/etc/evt/event.json", "fix", "--var", "site=gate-7"});
  CHECK(RunIdFromOutput("{\"kind\": \"step\"}\nnoise\n{\"kind\": \"runbook\", \"run_id\": \"ab12\"}\n") == "ab12");
  CHECK(RunIdFromOutput("{\"kind\": \"step\"}\n").empty());
}

TEST_CASE("serve: runbook.serve is read strictly", "[runbook][serve]") {
  Result<ServeSettings> defaults = ReadServeSettings(RunbookSection("{}"));
  REQUIRE(defaults.ok());
  CHECK(defaults->listen == kDefaultServeListen);
  CHECK_FALSE(defaults->token);

  Result<ServeSettings> unknown = ReadServeSettings(RunbookSection(R"({"serve": {"listen": "127.0.0.1:1", "port": 2}})"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == ExitCode::kConfig);
  CHECK_THAT(unknown.status().message(), Catch::Contains("/runbook/serve/port"));

  Result<ServeSettings> bad_listen = ReadServeSettings(RunbookSection(R"({"serve": {"listen": "localhost"}})"));
  REQUIRE_FALSE(bad_listen.ok());
  CHECK(bad_listen.status().code() == ExitCode::kConfig);

  Result<ServeSettings> no_token = ReadServeSettings(RunbookSection(R"({"serve": {"auth": {}}})"));
  REQUIRE_FALSE(no_token.ok());
  CHECK_THAT(no_token.status().message(), Catch::Contains("/runbook/serve/auth"));
}

TEST_CASE("serve: a token file others can read stops serve's start (78)", "[runbook][serve]") {
  std::string dir = evt::runbook::testing::TempDir();
  std::string token = dir + "/token";
  std::ofstream(token) << "s3cret\n";
  ::chmod(token.c_str(), 0644);
  Result<ServeSettings> settings =
      ReadServeSettings(RunbookSection(R"({"serve": {"auth": {"token": {"file": ")" + token + R"("}}}})"));
  REQUIRE(settings.ok());
  Result<HttpServerOptions> open = ServeServerOptions(*settings, "");
  REQUIRE_FALSE(open.ok());
  CHECK(open.status().code() == ExitCode::kConfig);
  CHECK_THAT(open.status().message(), Catch::Contains("chmod 600"));
  ::chmod(token.c_str(), 0600);
  Result<HttpServerOptions> ok = ServeServerOptions(*settings, "127.0.0.1:0");
  REQUIRE(ok.ok());
  CHECK(ok->token.has_value());
  CHECK(ok->listen == "127.0.0.1:0");
}

TEST_CASE("serve: an offered alert is a decision record, a run, and its end", "[runbook][serve]") {
  ResetProcessStateForTesting();
  std::string dir = evt::runbook::testing::TempDir();
  Result<DispatchStore> store = DispatchStore::OpenMemory();
  REQUIRE(store.ok());
  TriggerRules rules;
  TriggerRule rule;
  rule.name = "uplink";
  rule.runbook = "fix";
  rules.rules.push_back(rule);
  ManualClock clock(TimePoint{std::chrono::milliseconds(1'700'000'000'000)});
  Dispatcher dispatcher(*store, rules, clock);
  // /bin/true stands in for evt-runbook: the run "succeeds" at once.
  RunLauncher launcher("/bin/true", CommonOptions{});
  std::FILE* out = std::tmpfile();
  ServeSession session(dispatcher, launcher, dir, clock, out);
  Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(R"({"version": "4", "groupKey": "g",
    "status": "firing", "alerts": [{"status": "firing", "labels": {"alertname": "UplinkDown"},
    "annotations": {}, "startsAt": "2026-12-06T10:00:00Z", "fingerprint": "f1"}]})");
  REQUIRE(triggers.ok());
  REQUIRE(session.Offer(*triggers).ok());
  launcher.WaitAll();
  REQUIRE(session.Tick().ok());
  std::string text = ReadAll(out);
  std::fclose(out);
  CHECK_THAT(text, Catch::Contains(R"("kind":"runbook.decision")"));
  CHECK_THAT(text, Catch::Contains(R"("action":"run")"));
  CHECK_THAT(text, Catch::Contains(R"("action":"run_ended")"));
  CHECK_THAT(text, Catch::Contains(R"("exit_code":0)"));
}
