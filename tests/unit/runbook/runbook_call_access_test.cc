// What a dry run may run, read from a command-access table rendered from a
// real CLI11 app, as the build renders every tool's.
#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/command_access.h"
#include "common/config_check_command.h"
#include "common/state_commands.h"
#include "tools/runbook/call_access.h"

using namespace evt::runbook;

namespace {

// A tool shaped like evt-token: read-only and mutating leaves, a parent
// with subcommands, value options, a subcommand with its own --dry-run.
struct DemoTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  evt::CommonOptions common;
  std::string text;
  bool flag = false;

  DemoTool() {
    evt::AddCommonOptions(app, common);
    evt::AddConfigCheck(app, common, [](const evt::Config&) { return evt::Status::Ok(); });
    evt::AddStateCommands(app, common, "demo", nullptr);
    CLI::App* keys = app.add_subcommand("keys", "keys");
    evt::MarkReadOnly(*keys->add_subcommand("list", "list"));
    CLI::App* exp = keys->add_subcommand("export", "export");
    exp->add_option("--out", text, "file");
    exp->add_flag("--private", flag, "private");
    CLI::App* revoke = app.add_subcommand("revoke", "revoke");
    revoke->add_option("jti", text, "jti");
    revoke->add_option("--reason", text, "why");
    revoke->add_option("-g,--gate", text, "gate");
    CLI::App* check = app.add_subcommand("check", "check");
    check->add_flag("--dry-run", flag, "dry");
    check->add_option("--fail-on", text, "state");
    evt::MarkReadOnly(*app.add_subcommand("verify", "verify")->alias("v"));
  }

  CommandTable Table() {
    evt::LetSubcommandsFallThrough(app);
    evt::Result<CommandTable> table = CommandTable::Parse(evt::RenderAccessTable(app), "demo.jsonl");
    REQUIRE(table.ok());
    return *table;
  }
};

CallAccess Access(const CommandTable& table, const std::vector<std::string>& args) {
  return PlanCall(table, "evt-demo", args).access;
}

}  // namespace

TEST_CASE("runbook call access: only subcommands marked read-only run in a dry run", "[runbook]") {
  CommandTable table = DemoTool().Table();
  CHECK(Access(table, {"keys", "list"}) == CallAccess::kReadOnly);
  CHECK(Access(table, {"--json", "keys", "--config", "x.json", "list"}) == CallAccess::kReadOnly);
  CHECK(Access(table, {"config", "check"}) == CallAccess::kReadOnly);
  CHECK(Access(table, {"verify", "--json"}) == CallAccess::kReadOnly);
  CHECK(Access(table, {"keys", "export"}) == CallAccess::kMutating);
  CHECK(Access(table, {"keys", "export", "--private", "--out", "k.pem"}) == CallAccess::kMutating);
  CHECK(Access(table, {"state", "backup"}) == CallAccess::kMutating);
  CHECK(Access(table, {"keys"}) == CallAccess::kMutating);  // not a leaf: a usage error, or worse
  CHECK(Access(table, {}) == CallAccess::kMutating);
  CHECK(PlanCall(table, "evt-other", {"keys", "list"}).access == CallAccess::kMutating);
}

TEST_CASE("runbook call access: unknown options and aliases fail closed", "[runbook]") {
  CommandTable table = DemoTool().Table();
  CHECK(Access(table, {"keys", "list", "--bogus"}) == CallAccess::kMutating);
  CHECK(Access(table, {"keys", "list", "--json=yes"}) == CallAccess::kMutating);
  CHECK(Access(table, {"v"}) == CallAccess::kMutating);  // the table names commands, not aliases
  CHECK(Access(table, {"keys", "list", "-Z"}) == CallAccess::kMutating);
}

TEST_CASE("runbook call access: --dry-run counts only as the subcommand's own flag", "[runbook]") {
  CommandTable table = DemoTool().Table();
  // The words of an option's value are not options.
  CHECK(Access(table, {"revoke", "--reason", "--dry-run", "t-1"}) == CallAccess::kMutating);
  CHECK(Access(table, {"revoke", "-g", "--dry-run", "t-1"}) == CallAccess::kMutating);
  CHECK(Access(table, {"revoke", "--reason=--dry-run", "t-1"}) == CallAccess::kMutating);
  // A subcommand without a --dry-run of its own does not get one.
  CHECK(Access(table, {"revoke", "--dry-run", "t-1"}) == CallAccess::kMutating);
  CHECK(Access(table, {"revoke", "t-1", "--", "--dry-run"}) == CallAccess::kMutating);
  CHECK(Access(table, {"keys", "export", "--dry-run"}) == CallAccess::kMutating);
  // One that has it.
  CHECK(Access(table, {"check", "--dry-run"}) == CallAccess::kOwnDryRun);
  CHECK(Access(table, {"check", "--fail-on", "--dry-run"}) == CallAccess::kAddDryRun);
  CallPlan added = PlanCall(table, "evt-demo", {"--json", "check", "--fail-on", "warn"});
  CHECK(added.access == CallAccess::kAddDryRun);
  CHECK(added.insert_at == 2);
  CHECK(added.command == "check");
}

TEST_CASE("runbook call access: a bad table names its line", "[runbook]") {
  evt::Result<CommandTable> bad = CommandTable::Parse(
      "{\"tool\":\"evt-x\",\"command\":[],\"access\":\"mutating\",\"dry_run\":false,\"subcommands\":[],"
      "\"flags\":[],\"value_options\":[]}\n{\"tool\":\"evt-x\",\"access\":\"maybe\",\"dry_run\":false}\n",
      "t.jsonl");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "t.jsonl:2: \"access\": expected read-only or mutating, got \"maybe\"");
  CHECK(CommandTable::Load("/nonexistent/command-access.jsonl").status().code() == evt::ExitCode::kNoInput);
}
