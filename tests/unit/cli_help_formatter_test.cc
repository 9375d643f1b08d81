// --help as a person reads it: wrapped to the width, the common options
// once, examples at the end, none of CLI11's internals.
#include "common/cli_help_formatter.h"

#include <cstdlib>
#include <sstream>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_main.h"
#include "common/messages.h"
#include "common/text_width.h"

namespace evt {
namespace {

struct DemoTool {
  CLI::App app{"a tool for tests, with a description long enough to be wrapped on a narrow terminal", "evt-demo"};
  CommonOptions common;
  std::string gate;
  std::string mode;
  std::string explain;
  int count = 0;
  double ratio = 0;
  std::vector<std::string> tokens;

  DemoTool() {
    AddCommonOptions(app, common);
    app.require_subcommand(1);
    CLI::App* scan = app.add_subcommand("scan", "admit tickets at a gate: verify offline, record the admission durably");
    scan->add_option("token", tokens, "tickets to scan (for interactive use; stdin is the default)")->type_name("TOKEN");
    scan->add_option("--gate", gate, "this gate's id (default: token.gate, else the host name)")->required();
    scan->add_option("--batch", count, "commit up to N scans at once")
        ->type_name("N")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
    scan->add_option("--window", count, "a summary every N attempts")->check(CLI::Range(2, 64));
    scan->add_option("--ratio", ratio, "the share that must pass")->check(CLI::Range(0.0, 1.0));
    scan->add_option("--fail-ratio", ratio, "the share that may fail, 0..1")->check(CLI::Range(0.0, 1.0));
    scan->add_option("--mode", mode, "how to admit")->check(CLI::IsMember({"single", "reentry"}));
    scan->add_option("--explain", explain, "what to explain")
        ->check(CLI::IsMember({"applied", "all"}))
        ->expected(0, 1)
        ->default_str("applied");
    CLI::App* keys = app.add_subcommand("keys", "the key ring");
    keys->require_subcommand(1);
    keys->add_subcommand("rotate", "make a new signing key");
    SetHelpExamples(app, {{"scan",
                           {{"evt-demo scan --gate north --claims '{\"sub\":\"a very long subject for the test\"}' "
                             "--mode reentry < tickets.txt",
                             "admit each ticket read from a file at the north gate, again after an exit"}}}});
  }

  std::string Help(std::vector<const char*> args, int width) {
    const std::string columns = std::to_string(width);
    ::setenv("COLUMNS", columns.c_str(), 1);
    args.insert(args.begin(), "evt-demo");
    args.push_back("--help");
    std::ostringstream out;
    CHECK(RunMainInProcess(app, static_cast<int>(args.size()), args.data(), [] { return Status::Ok(); }, out) == 0);
    ::unsetenv("COLUMNS");
    return out.str();
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool Has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("help formatter: every line fits at 40, 80 and 120 columns", "[cli_help_formatter]") {
  for (int width : {40, 80, 120}) {
    for (std::vector<const char*> command : {std::vector<const char*>{}, {"scan"}, {"keys"}, {"keys", "rotate"}}) {
      DemoTool tool;
      const std::string help = tool.Help(command, width);
      INFO("width " << width << "\n" << help);
      CHECK(Has(help, "Usage: evt-demo"));
      for (const std::string& line : Lines(help)) CHECK(DisplayWidth(line) <= width);
    }
  }
}

TEST_CASE("help formatter: descriptions use the room a wide terminal gives", "[cli_help_formatter]") {
  DemoTool tool;
  const std::string wide = tool.Help({"scan"}, 120);
  CHECK(Has(wide, "  --gate TEXT"));
  CHECK(Has(wide, "this gate's id (default: token.gate, else the host name) (required)\n"));
  const std::string narrow = tool.Help({"scan"}, 40);
  // Under 60 columns the description goes under the option.
  CHECK(Has(narrow, "\n  --gate TEXT\n      this gate's id"));
}

TEST_CASE("help formatter: no CLI11 internals, values by name or choices", "[cli_help_formatter]") {
  for (std::vector<const char*> command : {std::vector<const char*>{}, {"scan"}, {"keys", "rotate"}}) {
    DemoTool tool;
    const std::string full = tool.Help(command, 100);
    // Examples may hold JSON braces; the rest may not hold a "{a,b}".
    const std::string help = full.substr(0, full.find("\nExamples:\n"));
    INFO(help);
    for (std::string_view internal : {":INT", ":TEXT", ":FLOAT", " in [", "{", "}", "REQUIRED", "[Option Group",
                                      "Subcommands:", "SUBCOMMAND"}) {
      INFO(internal);
      CHECK_FALSE(Has(help, internal));
    }
  }
  DemoTool tool;
  const std::string scan = tool.Help({"scan"}, 100);
  INFO(scan);
  CHECK(Has(scan, "--batch N "));
  CHECK(Has(scan, "--mode single|reentry "));
  CHECK(Has(scan, "--explain [applied|all] "));
  CHECK(Has(scan, "(default: applied)"));
  // A range worth saying is said in words; 1 to a billion only says N.
  CHECK(Has(scan, "a summary every N attempts (2 to 64)"));
  CHECK(Has(scan, "the share that must pass (0 to 1)"));
  // ... once: a description that gives the range already is left alone.
  CHECK(Has(scan, "the share that may fail, 0..1\n"));
  CHECK_FALSE(Has(scan, "1000000000"));
  CHECK(Has(scan, "Usage: evt-demo scan [OPTIONS] [token...]"));
}

TEST_CASE("help formatter: the common options in full on the tool, one footer on a subcommand",
          "[cli_help_formatter]") {
  DemoTool root_tool;
  const std::string root = root_tool.Help({}, 100);
  CHECK(Has(root, "\nCommon options:\n"));
  CHECK(Has(root, "--on-error fail|skip"));
  CHECK(Has(root, "what a bad input record does"));
  CHECK(Has(root, "\nCommands:\n  scan"));
  CHECK(Has(root, "Usage: evt-demo [OPTIONS] COMMAND"));
  DemoTool sub_tool;
  const std::string sub = sub_tool.Help({"scan"}, 100);
  CHECK(Has(sub, "Common options (see 'evt-demo --help'):\n  -h, --help  --version  --json"));
  CHECK(Has(sub, "--on-error fail|skip"));
  CHECK_FALSE(Has(sub, "what a bad input record does"));
  CHECK_FALSE(Has(sub, "\nCommon options:\n"));
}

TEST_CASE("help formatter: examples close the help of their command only", "[cli_help_formatter]") {
  DemoTool scan_tool;
  const std::string scan = scan_tool.Help({"scan"}, 60);
  INFO(scan);
  const std::size_t examples = scan.find("\nExamples:\n  evt-demo scan --gate north");
  REQUIRE(examples != std::string::npos);
  CHECK(scan.find("Common options") < examples);
  // A long example breaks between words, never inside the quotes, with a
  // backslash so it can still be pasted.
  CHECK(Has(scan, " \\\n      "));
  CHECK(Has(scan, "'{\"sub\":\"a very long subject for the test\"}'"));
  CHECK(Has(scan, "      admit each ticket read from a file"));
  DemoTool keys_tool;
  CHECK_FALSE(Has(keys_tool.Help({"keys", "rotate"}, 100), "Examples:"));
}

TEST_CASE("help formatter: placeholders in words a person writes", "[cli_help_formatter]") {
  CHECK(PlaceholderName("INT") == "N");
  CHECK(PlaceholderName("UINT") == "N");
  CHECK(PlaceholderName("FLOAT") == "NUMBER");
  CHECK(PlaceholderName("") == "VALUE");
  CHECK(PlaceholderName("DURATION") == "DURATION");
}

}  // namespace evt
