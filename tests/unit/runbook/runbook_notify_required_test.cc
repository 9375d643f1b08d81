#include <catch2/catch.hpp>

#include "runbook_test_util.h"
#include "tools/runbook/notifier.h"

using namespace evt::runbook;
using namespace evt::runbook::testing;

TEST_CASE("runbook notify: a required message that did not go out ends the run with its code", "[runbook]") {
  TestRun test;
  test.source = Body("pcall(evt.notify, 'x', {required = true})");
  RunResult none = RunText(test);
  CHECK(none.status.code() == evt::ExitCode::kConfig);  // no transport: pcall cannot hide it
  CHECK_THAT(none.status.message(), Catch::Contains("no transport in runbook.notify"));
  // The commands read the message first: this test binary does not ignore SIGPIPE as the tools do.
  test.settings.notify.command = CommandTransport{{"sh", "-c", "cat >/dev/null; exit 1"}, std::nullopt};
  CHECK(RunText(test).status.code() == evt::ExitCode::kUnavailable);
  test.settings.notify.command = CommandTransport{{"sh", "-c", "cat >/dev/null; exit 75"}, std::nullopt};
  CHECK(RunText(test).status.code() == evt::ExitCode::kTempFail);
  test.settings.notify.command = CommandTransport{{"sh", "-c", "cat >/dev/null"}, std::nullopt};
  test.source = Body("assert(evt.notify('x', {required = true}))\nassert(not evt.notify('x', {required = true}))");
  CHECK(RunText(test).status.ok());  // held back by the dedup window: not a failure
}

TEST_CASE("runbook notify: a webhook failure says whether to try again", "[runbook]") {
  WebhookTransport nobody{"http://127.0.0.1:1/hook", std::nullopt, evt::Duration(2000)};
  evt::Status refused = PostWebhook(nobody, "{}", std::nullopt);
  CHECK(refused.code() == evt::ExitCode::kTempFail);
  CHECK_THAT(refused.message(), Catch::StartsWith("webhook http://127.0.0.1:1/hook: "));
  WebhookTransport bad{"ftp://127.0.0.1:1/hook", std::nullopt, evt::Duration(2000)};
  CHECK(PostWebhook(bad, "{}", std::nullopt).code() == evt::ExitCode::kUnavailable);
}

TEST_CASE("runbook emit: a record of the runbook's own, with the run's envelope", "[runbook]") {
  TestRun test;
  test.source = Body("evt.emit({kind = 'preflight', verdict = 'go', rows = {{id = 'a'}}}, 'CHECK a go')");
  RunResult r = RunText(test);
  REQUIRE(r.status.ok());
  REQUIRE(r.sink.emitted.size() == 1);
  const evt::Value& record = r.sink.emitted[0];
  CHECK(record.find("kind")->as_string() == "preflight");
  CHECK(record.find("v")->as_int() == 1);
  CHECK(record.find("runbook")->as_string() == "test");
  CHECK(record.find("run_id")->as_string().size() == 32);
  CHECK(record.find("ts") != nullptr);
  CHECK(record.find("rows")->as_array().size() == 1);
  CHECK(r.sink.texts[0] == "CHECK a go");
  test.source = Body("evt.emit({verdict = 'go'})");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("evt.emit: expected a record, a table with a \"kind\""));
}
