// RunMain's parse errors name the subcommand or long option a typo was
// most likely meant to be, and still exit 2.
#include <sstream>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_main.h"
#include "common/messages.h"

namespace evt {
namespace {

struct DemoTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  std::string gate;
  std::string hidden;

  DemoTool() {
    AddCommonOptions(app, common);
    app.require_subcommand(1);
    app.add_subcommand("status", "show the state");
    CLI::App* scan = app.add_subcommand("scan", "scan something");
    scan->add_option("--gate", gate, "the gate");
    scan->add_option("--gates-secret", hidden, "not shown")->group("");
    CLI::App* keys = app.add_subcommand("keys", "the keys");
    keys->require_subcommand(1);
    keys->add_subcommand("rotate", "rotate them");
  }

  // The messages of running `evt-demo ARGS`, which must exit 2.
  std::string UsageError(std::vector<const char*> args) {
    args.insert(args.begin(), "evt-demo");
    std::ostringstream out;
    CapturedMessages messages;
    CHECK(RunMainInProcess(app, static_cast<int>(args.size()), args.data(), [] { return Status::Ok(); }, out) == 2);
    return messages.text();
  }
};

bool Has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("did you mean: a mistyped subcommand at any depth", "[cli_did_you_mean]") {
  CHECK(Has(DemoTool().UsageError({"statsu"}), "evt-demo: unexpected argument: statsu; did you mean 'status'?\n"));
  CHECK(Has(DemoTool().UsageError({"keys", "rotaet"}), "; did you mean 'rotate'?\n"));
  // The hint line stays.
  CHECK(Has(DemoTool().UsageError({"keys", "rotaet"}), "evt-demo: try 'evt-demo keys --help'"));
}

TEST_CASE("did you mean: a mistyped long option, the command's own or a common one", "[cli_did_you_mean]") {
  CHECK(Has(DemoTool().UsageError({"scan", "--gaet", "north"}), "did you mean '--gate'?"));
  CHECK(Has(DemoTool().UsageError({"scan", "--gaet=north"}), "did you mean '--gate'?"));
  CHECK(Has(DemoTool().UsageError({"scan", "--jsno"}), "did you mean '--json'?"));
  CHECK(Has(DemoTool().UsageError({"--jsno", "status"}), "did you mean '--json'?"));
}

TEST_CASE("did you mean: nothing for a stranger word, a short option or a hidden option", "[cli_did_you_mean]") {
  CHECK_FALSE(Has(DemoTool().UsageError({"frobnicate"}), "did you mean"));
  CHECK_FALSE(Has(DemoTool().UsageError({"scan", "-x"}), "did you mean"));
  CHECK_FALSE(Has(DemoTool().UsageError({"scan", "--gates-secrte"}), "did you mean"));
  // scan's --gate is not offered where scan was not chosen.
  CHECK_FALSE(Has(DemoTool().UsageError({"status", "--gaet"}), "did you mean"));
}

}  // namespace evt
