// The man page's EXAMPLES and values, from the same table and formatter
// --help uses (common/help_examples.h, common/cli_help_formatter.h).
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include "common/cli_common_options.h"
#include "common/cli_docs.h"
#include "common/cli_help_formatter.h"

namespace evt {
namespace {

const std::string kHandwritten =
    ".SH DESCRIPTION\n"
    "It scans.\n"
    ".SH EXAMPLES\n"
    "Prose written by hand.\n"
    ".SH \"EXIT STATUS\"\n"
    "1 means a refusal.\n";

struct DemoTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  std::string mode;
  int batch = 0;

  DemoTool() {
    AddCommonOptions(app, common);
    CLI::App* scan = app.add_subcommand("scan", "scan something");
    scan->add_option("--mode", mode, "how to admit")->check(CLI::IsMember({"single", "reentry"}));
    scan->add_option("--batch", batch, "at most N at once")->check(CLI::Range(1, 100));
    CLI::App* keys = app.add_subcommand("keys", "the keys");
    keys->add_subcommand("rotate", "rotate them");
  }
};

}  // namespace

TEST_CASE("man page examples: each command's examples follow the hand-written prose", "[man_page]") {
  DemoTool tool;
  SetHelpExamples(tool.app, {{"keys rotate", {{"evt-demo keys rotate", "make a new key"}}},
                             {"scan", {{"evt-demo scan --mode \"single\"", "admit once"}}}});
  const std::string page = RenderManPage(tool.app, {"evt-demo", "scans", "", kHandwritten});
  const std::size_t examples = page.find(".SH EXAMPLES\nProse written by hand.\n");
  REQUIRE(examples != std::string::npos);
  // In the order of the commands, not of the table.
  const std::size_t scan = page.find(".SS \"evt\\-demo scan\"\n.TP\n\\fBevt\\-demo scan \\-\\-mode \\(dqsingle\\(dq\\fR\n"
                                     "admit once\n",
                                     examples);
  const std::size_t rotate = page.find(".SS \"evt\\-demo keys rotate\"\n.TP\n\\fBevt\\-demo keys rotate\\fR\n"
                                       "make a new key\n",
                                       examples);
  CHECK(scan != std::string::npos);
  CHECK(rotate != std::string::npos);
  CHECK(scan < rotate);
  CHECK(page.find(".SH \"SEE ALSO\"", rotate) != std::string::npos);
}

TEST_CASE("man page examples: without examples EXAMPLES is the prose alone", "[man_page]") {
  DemoTool tool;
  const std::string page = RenderManPage(tool.app, {"evt-demo", "scans", "", kHandwritten});
  CHECK(page.find(".SH EXAMPLES\nProse written by hand.\n.SH \"SEE ALSO\"") != std::string::npos);
}

TEST_CASE("man page examples: a value is shown by its choices or its name, never CLI11's", "[man_page]") {
  DemoTool tool;
  const std::string page = RenderManPage(tool.app, {"evt-demo", "scans", "", kHandwritten});
  CHECK(page.find(".TP\n\\fB\\-\\-mode\\fR \\fBsingle\\fR|\\fBreentry\\fR\n") != std::string::npos);
  CHECK(page.find(".TP\n\\fB\\-\\-batch\\fR \\fIN\\fR\n") != std::string::npos);
  // CLI11's type names never stand for a value ("SIGINT" in EXIT STATUS is prose).
  CHECK(page.find("\\fIINT\\fR") == std::string::npos);
  CHECK(page.find("\\fITEXT\\fR") == std::string::npos);
}

}  // namespace evt
