#include <catch2/catch.hpp>

#include "runbook_test_util.h"
#include "tools/runbook/notifier.h"

using namespace evt::runbook;
using namespace evt::runbook::testing;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("runbook notify: the webhook signature is HMAC-SHA256 (RFC 4231 case 2)", "[runbook]") {
  CHECK(WebhookSignature("Jefe", "what do ya want for nothing?") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("runbook notify: a command transport gets the message, deduplicated by key", "[runbook]") {
  std::string dir = TempDir();
  TestRun test;
  test.settings.notify.command = CommandTransport{{"sh", "-c", "cat >> '" + dir + "/sent'"}, std::nullopt};
  test.source = Body(
      "assert(evt.notify('uplink down') == true)\n"
      "assert(evt.notify('uplink down') == false)\n"
      "assert(evt.notify('uplink still down', {key = 'uplink down'}) == false)\n"
      "assert(evt.notify('5g down', {severity = 'critical'}) == true)");
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  CHECK(ReadFile(dir + "/sent") == "uplink down\n5g down\n");
  CHECK_THAT(r.log, Catch::Contains("already sent within 10m"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("runbook notify: a failing transport is logged, never fatal, a dry run sends nothing", "[runbook]") {
  TestRun test;
  test.settings.notify.command = CommandTransport{{"false"}, std::nullopt};
  test.source = Body("assert(evt.notify('x') == false)");
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  CHECK_THAT(r.log, Catch::Contains("notify: false: exit 1"));
  test.settings.notify.command = CommandTransport{{"sh", "-c", "exit 3"}, std::nullopt};
  test.options.dry_run = true;
  RunResult dry = RunText(test);
  CHECK(dry.status.ok());
  CHECK_THAT(dry.log, Catch::Contains("would notify: x"));
  TestRun none;
  none.source = Body("assert(evt.notify('x') == false)");
  CHECK_THAT(RunText(none).log, Catch::Contains("no transport in runbook.notify"));
  none.source = Body("evt.notify('x', {severity = 'loud'})");
  CHECK_THAT(RunText(none).status.message(), Catch::Contains("expected info, warning or critical"));
}

TEST_CASE("runbook notify: a resolve goes out once, and lets the next firing of its key through", "[runbook]") {
  std::string dir = TempDir();
  TestRun test;
  test.settings.notify.command =
      CommandTransport{{"sh", "-c", "echo \"$EVT_NOTIFY_STATUS $(cat)\" >> '" + dir + "/sent'"}, std::nullopt};
  test.source = Body(
      "assert(evt.notify('uplink down', {key = 'uplink'}) == true)\n"
      "assert(evt.notify('uplink down', {key = 'uplink'}) == false)\n"
      "assert(evt.notify('uplink back', {key = 'uplink', resolved = true}) == true)\n"
      "assert(evt.notify('uplink back', {key = 'uplink', resolved = true}) == false)\n"
      "assert(evt.notify('uplink down again', {key = 'uplink'}) == true)\n"
      "assert(evt.notify('uplink back again', {key = 'uplink', resolved = true}) == true)");
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  CHECK(ReadFile(dir + "/sent") ==
        "firing uplink down\nresolved uplink back\nfiring uplink down again\nresolved uplink back again\n");
  std::filesystem::remove_all(dir);
}
