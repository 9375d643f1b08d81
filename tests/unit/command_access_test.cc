// Read-only marks: declared on the subcommand, printed by
// `--evt-generate access`, invisible everywhere a person looks.
#include "common/command_access.h"

#include <sstream>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_docs.h"
#include "common/cli_main.h"

namespace evt {
namespace {

struct MarkedTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  bool flag = false;

  MarkedTool() {
    AddCommonOptions(app, common);
    MarkReadOnly(*app.add_subcommand("look", "only reads"));
    app.add_subcommand("change", "writes")->add_flag("--dry-run", flag, "show, change nothing");
  }
};

}  // namespace

TEST_CASE("command access: a mark is read back and printed, and only the marked command has it", "[cli]") {
  MarkedTool tool;
  CHECK(IsMarkedReadOnly(*tool.app.get_subcommand("look")));
  CHECK_FALSE(IsMarkedReadOnly(*tool.app.get_subcommand("change")));
  CHECK_FALSE(IsMarkedReadOnly(tool.app));
  std::ostringstream out;
  std::vector<const char*> args{"evt-demo", "--evt-generate", "access"};
  REQUIRE(RunMainInProcess(tool.app, 3, args.data(), [] { return Status::Ok(); }, out) == 0);
  std::string table = out.str();
  CHECK_THAT(table, Catch::Contains(R"({"tool":"evt-demo","command":["look"],"access":"read-only","dry_run":false,)"));
  CHECK_THAT(table, Catch::Contains(R"({"tool":"evt-demo","command":["change"],"access":"mutating","dry_run":true,)"));
  CHECK_THAT(table, Catch::Contains(R"("value_options":["--config","--state-dir","--on-error","--color"])"));
}

TEST_CASE("command access: the mark is in no help, man page or completion", "[cli]") {
  MarkedTool tool;
  CHECK_THAT(tool.app.get_subcommand("look")->help(), !Catch::Contains("evt-read-only"));
  CHECK_THAT(RenderBashCompletion(tool.app), !Catch::Contains("evt-read-only"));
  CHECK_THAT(RenderFishCompletion(tool.app), !Catch::Contains("evt-read-only"));
  ManPageInfo info{"evt-demo", "demo", "0", ".SH DESCRIPTION\nd\n.SH EXAMPLES\ne\n.SH \"EXIT STATUS\"\nx\n"};
  CHECK_THAT(RenderManPage(tool.app, info), !Catch::Contains("read-only"));
}

}  // namespace evt
