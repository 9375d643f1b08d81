#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "common/json_parse.h"
#include "tools/failover/canary_hooks.h"

using namespace evt;
using namespace evt::failover;

namespace {

Result<CanaryHooksSpec> ReadHooks(const std::string& json) {
  Result<Value> value = ParseJson(json, "test");
  REQUIRE(value.ok());
  Result<ConfigObject> hooks = ConfigObject::FromValue(*value, "/failover/canary/hooks", ConfigOrigin{"event.json", "."});
  REQUIRE(hooks.ok());
  return ReadCanaryHooksSpec(*hooks);
}

// A stand-in for evt-runbook: writes its arguments and the canary's
// environment to a file, says something on stderr, exits as told.
struct FakeRunbook {
  FakeRunbook() {
    char pattern[] = "/tmp/evt-canary-hooks-XXXXXX";
    dir = mkdtemp(pattern);
    path = dir + "/evt-runbook";
    std::ofstream(path) << "#!/bin/sh\n"
                        << "echo \"$@\" > '" << dir << "/args'\n"
                        << "env | grep '^EVT_CANARY_' | sort > '" << dir << "/env'\n"
                        << "echo 'starting' >&2; echo 'the runbook says no' >&2\n"
                        << "[ -f '" << dir << "/sleep' ] && sleep 5\n"
                        << "exit $(cat '" << dir << "/exit' 2>/dev/null || echo 0)\n";
    ::chmod(path.c_str(), 0755);
  }
  ~FakeRunbook() { std::system(("rm -rf '" + dir + "'").c_str()); }
  void ExitWith(int code) const { std::ofstream(dir + "/exit") << code; }
  std::string Read(const std::string& name) const {
    std::ifstream in(dir + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  bool Ran() const { return ::access((dir + "/args").c_str(), F_OK) == 0; }
  std::string dir;
  std::string path;
};

CanaryHookContext Context() {
  return CanaryHookContext{"reads", "v2", {"v1", "v1b"}, 25, "pass"};
}

PromptIo Answering(bool interactive, std::optional<std::string> answer, std::string* asked) {
  return PromptIo{[interactive] { return interactive; },
                  [answer, asked](std::string_view question) {
                    *asked = std::string(question);
                    return answer;
                  }};
}

}  // namespace

TEST_CASE("canary hooks: read strictly, every key optional") {
  Result<CanaryHooksSpec> all = ReadHooks(R"({"pre_rollout": "canary-pre", "promote": "canary-promote",
      "rollback": "canary-rollback", "confirm_promotion": true, "timeout": "30s"})");
  REQUIRE(all.ok());
  CHECK(all->pre_rollout == "canary-pre");
  CHECK(all->promote == "canary-promote");
  CHECK(all->rollback == "canary-rollback");
  CHECK(all->confirm_promotion);
  CHECK(all->timeout == Duration(30000));

  Result<CanaryHooksSpec> none = ReadHooks("{}");
  REQUIRE(none.ok());
  CHECK_FALSE(none->pre_rollout);
  CHECK_FALSE(none->confirm_promotion);

  Result<CanaryHooksSpec> typo = ReadHooks(R"({"rolback": "x"})");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().code() == ExitCode::kConfig);
  CHECK_THAT(typo.status().message(), Catch::Contains("/failover/canary/hooks/rolback") && Catch::Contains("unknown key"));

  Result<CanaryHooksSpec> empty = ReadHooks(R"({"promote": ""})");
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.status().message(), Catch::Contains("/failover/canary/hooks/promote: expected a runbook name"));

  Result<CanaryHooksSpec> number = ReadHooks(R"({"promote": 3})");
  REQUIRE_FALSE(number.ok());
  CHECK(number.status().code() == ExitCode::kConfig);

  Result<CanaryHooksSpec> zero = ReadHooks(R"({"timeout": "0s"})");
  REQUIRE_FALSE(zero.ok());
  CHECK_THAT(zero.status().message(), Catch::Contains("/timeout"));
}

TEST_CASE("canary hooks: a hook runs `evt-runbook [global options] run NAME` with the canary in its environment") {
  FakeRunbook runbook;
  CanaryHooksSpec spec;
  spec.promote = "canary-promote";
  const RunbookProgram program{runbook.path, {"--config", "/etc/evt/event.json"}, true};
  CanaryHookOutcome outcome = RunCanaryHook(spec, CanaryHook::kPromote, Context(), program);
  CHECK(outcome.status.ok());
  CHECK(outcome.ran());
  CHECK(outcome.runbook == "canary-promote");
  CHECK(outcome.exit_code == 0);
  CHECK(runbook.Read("args") == "--config /etc/evt/event.json run canary-promote --yes\n");
  CHECK(runbook.Read("env") ==
        "EVT_CANARY_BASELINE=v1,v1b\nEVT_CANARY_HOOK=promote\nEVT_CANARY_ROUTE=reads\n"
        "EVT_CANARY_STEP=25\nEVT_CANARY_TO=v2\nEVT_CANARY_VERDICT=pass\n");
}

TEST_CASE("canary hooks: a hook the config does not name runs nothing and is no failure") {
  FakeRunbook runbook;
  CanaryHooksSpec spec;
  spec.promote = "canary-promote";
  CanaryHookOutcome outcome = RunCanaryHook(spec, CanaryHook::kRollback, Context(), RunbookProgram{runbook.path, {}, false});
  CHECK(outcome.status.ok());
  CHECK_FALSE(outcome.ran());
  CHECK_FALSE(runbook.Ran());
}

TEST_CASE("canary hooks: a runbook that fails is exit 1 naming the hook, the runbook and its last words") {
  FakeRunbook runbook;
  runbook.ExitWith(3);
  CanaryHooksSpec spec;
  spec.pre_rollout = "canary-pre";
  CanaryHookOutcome outcome =
      RunCanaryHook(spec, CanaryHook::kPreRollout, Context(), RunbookProgram{runbook.path, {}, false});
  REQUIRE_FALSE(outcome.status.ok());
  CHECK(outcome.status.code() == ExitCode::kCheckFailed);
  CHECK(outcome.exit_code == 3);
  CHECK(outcome.status.message() ==
        "canary hook pre_rollout: evt-runbook run canary-pre: exit 3: the runbook says no");
  CHECK(runbook.Read("args") == "run canary-pre\n");  // no --yes unless the canary had it
}

TEST_CASE("canary hooks: a runbook past the hook's timeout is ended and is a temporary failure") {
  FakeRunbook runbook;
  std::ofstream(runbook.dir + "/sleep") << "";
  CanaryHooksSpec spec;
  spec.rollback = "canary-rollback";
  spec.timeout = Duration(200);
  CanaryHookOutcome outcome = RunCanaryHook(spec, CanaryHook::kRollback, Context(), RunbookProgram{runbook.path, {}, false});
  REQUIRE_FALSE(outcome.status.ok());
  CHECK(outcome.status.code() == ExitCode::kTempFail);
  CHECK_THAT(outcome.status.message(), Catch::Contains("rollback") && Catch::Contains("after 200ms"));
  CHECK(outcome.elapsed < Duration(4000));
}

TEST_CASE("canary hooks: an evt-runbook that cannot start is unavailable") {
  CanaryHooksSpec spec;
  spec.rollback = "canary-rollback";
  CanaryHookOutcome outcome =
      RunCanaryHook(spec, CanaryHook::kRollback, Context(), RunbookProgram{"/nonexistent/evt-runbook", {}, false});
  REQUIRE_FALSE(outcome.status.ok());
  CHECK(outcome.status.code() == ExitCode::kUnavailable);
  CHECK_THAT(outcome.status.message(), Catch::Contains("canary hook rollback"));
}

TEST_CASE("canary hooks: promotion is confirmed by --yes or a person, and never silently without a terminal") {
  CanaryHooksSpec spec;
  std::string asked;
  // Not asked for: given without a question.
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(false, std::nullopt, &asked)) == PromotionConsent::kGiven);
  spec.confirm_promotion = true;
  CHECK(ConfirmPromotion(spec, Context(), true, Answering(false, std::nullopt, &asked)) == PromotionConsent::kGiven);
  CHECK(asked.empty());
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(false, "y", &asked)) == PromotionConsent::kNeedsYes);
  CHECK(asked.empty());
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(true, "y", &asked)) == PromotionConsent::kGiven);
  CHECK(asked == "promote v2 to 100 % of reads? [y/N]");
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(true, "yes", &asked)) == PromotionConsent::kGiven);
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(true, "", &asked)) == PromotionConsent::kDeclined);
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(true, "n", &asked)) == PromotionConsent::kDeclined);
  CHECK(ConfirmPromotion(spec, Context(), false, Answering(true, std::nullopt, &asked)) == PromotionConsent::kDeclined);
  CHECK(ToInt(kAwaitingConfirmation) == 75);
}

TEST_CASE("canary hooks: evt-runbook is found on PATH when not beside the running binary, else unavailable") {
  // The unit tests run from build/tests, the tools sit in build/bin: only PATH can have it.
  FakeRunbook runbook;
  const std::string saved = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  ::setenv("PATH", runbook.dir.c_str(), 1);
  Result<RunbookProgram> found = FindRunbookProgram({"--state-dir", "/tmp/x"}, true);
  ::setenv("PATH", "/nonexistent", 1);
  Result<RunbookProgram> missing = FindRunbookProgram({}, false);
  ::setenv("PATH", saved.c_str(), 1);
  REQUIRE(found.ok());
  CHECK(found->path == runbook.path);
  CHECK(found->global_args == std::vector<std::string>{"--state-dir", "/tmp/x"});
  CHECK(found->yes);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == ExitCode::kUnavailable);
  CHECK_THAT(missing.status().message(), Catch::Contains("evt-runbook not found"));
}
