#include "common/help_examples.h"

#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include "common/cli_common_options.h"

using evt::CheckExamplesParse;
using evt::HelpExampleTable;
using evt::ToolInvocations;
using Runs = std::vector<std::vector<std::string>>;

namespace {

struct DemoTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  evt::CommonOptions common;
  std::string gate;
  int count = 0;

  DemoTool() {
    evt::AddCommonOptions(app, common);
    app.require_subcommand(1);
    CLI::App* scan = app.add_subcommand("scan", "scan something");
    scan->add_option("--gate", gate, "the gate");
    scan->add_option("--count", count, "how many")->check(CLI::Range(1, 10));
    CLI::App* keys = app.add_subcommand("keys", "the keys");
    keys->require_subcommand(1);
    keys->add_subcommand("rotate", "rotate them");
    evt::LetSubcommandsFallThrough(app);
  }
};

}  // namespace

TEST_CASE("help examples: the runs of a tool in a shell line, without redirections", "[help_examples]") {
  CHECK(ToolInvocations("evt-demo scan --gate north < t.txt > out 2> err", "evt-demo") ==
        Runs{{"scan", "--gate", "north"}});
  CHECK(ToolInvocations("cat x | evt-demo scan --gate 'north gate' | evt-demo keys rotate", "evt-demo") ==
        Runs{{"scan", "--gate", "north gate"}, {"keys", "rotate"}});
  CHECK(ToolInvocations("TZ=UTC evt-demo scan && evt-other scan", "evt-demo") == Runs{{"scan"}});
  CHECK(ToolInvocations("ssh gate evt-demo scan", "evt-demo").empty());
  CHECK(ToolInvocations("evt-demo scan --claims '{\"sub\":\"a b\"}'", "evt-demo") ==
        Runs{{"scan", "--claims", "{\"sub\":\"a b\"}"}});
}

TEST_CASE("help examples: an example that parses passes, a renamed flag fails by name", "[help_examples]") {
  DemoTool tool;
  CHECK(CheckExamplesParse(tool.app, {{"scan", {{"evt-demo scan --gate north --json", "scan at north"}}}}).ok());
  CHECK(CheckExamplesParse(tool.app, {{"keys rotate", {{"evt-demo keys rotate", "rotate"}}}}).ok());
  const evt::Status renamed =
      CheckExamplesParse(tool.app, {{"scan", {{"evt-demo scan --gates north", "a flag that does not exist"}}}});
  CHECK(renamed.code() == evt::ExitCode::kCheckFailed);
  CHECK(renamed.message().find("scan: 'evt-demo scan --gates north'") != std::string::npos);
  CHECK(renamed.message().find("--gates") != std::string::npos);
  CHECK_FALSE(CheckExamplesParse(tool.app, {{"scan", {{"evt-demo scan --count 11", "out of range"}}}}).ok());
}

TEST_CASE("help examples: an example must run the command it is listed under", "[help_examples]") {
  DemoTool tool;
  const evt::Status elsewhere = CheckExamplesParse(tool.app, {{"scan", {{"evt-demo keys rotate", "not a scan"}}}});
  CHECK(elsewhere.message().find("does not run 'evt-demo scan'") != std::string::npos);
  CHECK_FALSE(CheckExamplesParse(tool.app, {{"scan", {{"evt-other scan", "another tool"}}}}).ok());
  // A pipeline may run the tool twice; one of the runs is the command.
  CHECK(CheckExamplesParse(tool.app, {{"scan", {{"evt-demo keys rotate | evt-demo scan", "both"}}}}).ok());
}

TEST_CASE("help examples: the shared commands get examples where the tool has them", "[help_examples]") {
  DemoTool tool;
  CHECK(evt::SharedCommandExamples(tool.app).empty());
  CLI::App* config = tool.app.add_subcommand("config", "work with the config file");
  config->add_subcommand("check", "check it");
  const HelpExampleTable shared = evt::SharedCommandExamples(tool.app);
  REQUIRE(shared.size() == 1);
  CHECK(shared[0].path == "config check");
  CHECK(CheckExamplesParse(tool.app, shared).ok());
}
