// The --evt-generate hook of RunMain: man page and completions from the
// tool's own app, and clear errors for a wrong request.
#include "common/cli_generate.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_main.h"
#include "common/messages.h"

namespace evt {
namespace {

struct GeneratingTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  std::ostringstream out;
  bool ran = false;

  GeneratingTool() {
    AddCommonOptions(app, common);
    app.add_subcommand("scan", "scan something")->add_option("--limit", "how many");
  }

  int Run(std::vector<const char*> args) {
    args.insert(args.begin(), "evt-demo");
    return RunMainInProcess(app, static_cast<int>(args.size()), args.data(),
                            [this] {
                              ran = true;
                              return Status::Ok();
                            },
                            out);
  }
};

constexpr const char* kHandwritten =
    ".SH DESCRIPTION\nDemonstrates.\n.SH EXAMPLES\nNone.\n.SH \"EXIT STATUS\"\n1 when it fails.\n";

std::string WriteTemp(const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / "evt-generate.XXXXXX").string();
  int fd = mkstemp(path.data());
  REQUIRE(fd >= 0);
  std::ofstream(path) << text;
  return path;
}

// Whether `word` appears in a line that is not a shell comment (the header
// comment may say how the file was made).
bool OffersOutsideComments(const std::string& script, const std::string& word) {
  std::istringstream lines(script);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind('#', 0) != 0 && line.find(word) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("cli generate: a completion script for each shell, without running the tool", "[cli_generate]") {
  for (const char* shell : {"bash", "zsh", "fish"}) {
    GeneratingTool tool;
    INFO(shell);
    CHECK(tool.Run({"--evt-generate", shell}) == 0);
    CHECK_FALSE(tool.ran);
    CHECK(tool.out.str().find("evt-demo") != std::string::npos);
    CHECK(tool.out.str().find("scan") != std::string::npos);
    CHECK_FALSE(OffersOutsideComments(tool.out.str(), "evt-generate"));
  }
}

TEST_CASE("cli generate: a man page merged with the hand-written part", "[cli_generate]") {
  std::string path = WriteTemp(kHandwritten);
  GeneratingTool tool;
  CHECK(tool.Run({"--evt-generate", "man", path.c_str()}) == 0);
  std::filesystem::remove(path);
  std::string page = tool.out.str();
  CHECK(page.find(".TH") != std::string::npos);
  CHECK(page.find("Demonstrates.") != std::string::npos);
  CHECK(page.find("scan") != std::string::npos);
}

TEST_CASE("cli generate: a missing hand-written file exits 66 naming it", "[cli_generate]") {
  GeneratingTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"--evt-generate", "man", "/nonexistent/evt-demo.1.roff"}) == 66);
  CHECK(messages.text().rfind("evt-demo: /nonexistent/evt-demo.1.roff: ", 0) == 0);
  CHECK(tool.out.str().empty());
}

TEST_CASE("cli generate: an unusable hand-written part exits 65", "[cli_generate]") {
  std::string path = WriteTemp("stray text\n.SH DESCRIPTION\nx\n");
  GeneratingTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"--evt-generate", "man", path.c_str()}) == 65);
  std::filesystem::remove(path);
  CHECK(messages.text().find(path) != std::string::npos);
}

TEST_CASE("cli generate: a wrong request is a usage error", "[cli_generate]") {
  const std::vector<std::vector<const char*>> wrong = {
      {"--evt-generate"}, {"--evt-generate", "man"}, {"--evt-generate", "powershell"},
      {"--evt-generate", "bash", "extra"}};
  for (const auto& args : wrong) {
    GeneratingTool tool;
    CapturedMessages messages;
    CHECK(tool.Run(args) == 2);
    CHECK(messages.text() == "evt-demo: --evt-generate: expected 'man FILE.roff', 'bash', 'zsh', 'fish', 'access', 'examples' or 'json'\n");
  }
}

TEST_CASE("cli generate: only as the first argument, elsewhere it is an unknown option", "[cli_generate]") {
  GeneratingTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"scan", "--evt-generate", "bash"}) == 2);
  CHECK_FALSE(tool.ran);
}

}  // namespace
}  // namespace evt
