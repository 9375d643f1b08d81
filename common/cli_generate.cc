#include "common/cli_generate.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "common/cli_description.h"
#include "common/cli_docs.h"
#include "common/command_access.h"
#include "common/help_examples.h"
#include "common/cli_help_formatter.h"

namespace evt {
namespace {

constexpr std::string_view kFlag = "--evt-generate";

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::NoInput(path + ": cannot read: " + std::strerror(errno));
  return text.str();
}

Result<std::string> GenerateManPage(const CLI::App& app, const std::string& handwritten_path) {
  Result<std::string> handwritten = ReadFile(handwritten_path);
  if (!handwritten.ok()) return handwritten.status();
  Status usable = CheckManPageSource(*handwritten, handwritten_path);
  if (!usable.ok()) return Status::DataErr(usable.message());
  ManPageInfo info{app.get_name(), app.get_description(), EVT_VERSION, std::move(*handwritten)};
  return RenderManPage(app, info);
}

Status UsageError() {
  return Status::Usage(std::string(kFlag) + ": expected 'man FILE.roff', 'bash', 'zsh', 'fish', 'access', 'examples' or 'json'");
}

// Every example, "PATH: COMMAND" a line, once all of them parse.
Result<std::string> ListCheckedExamples(CLI::App& app) {
  const HelpExampleTable& table = HelpExamplesOf(app);
  EVT_RETURN_IF_ERROR(CheckExamplesParse(app, table));
  std::string out;
  for (const CommandExamples& command : table) {
    for (const HelpExample& example : command.examples) out += command.path + ": " + example.command + "\n";
  }
  return out;
}

}  // namespace

bool IsGenerateRequest(int argc, const char* const* argv) {
  return argc >= 2 && argv[1] != nullptr && argv[1] == kFlag;
}

Result<std::string> Generate(CLI::App& app, int argc, const char* const* argv) {
  std::string_view what = argc >= 3 ? argv[2] : "";
  if (what == "man" && argc == 4) return GenerateManPage(app, argv[3]);
  if (argc != 3) return UsageError();
  if (what == "bash") return RenderBashCompletion(app);
  if (what == "zsh") return RenderZshCompletion(app);
  if (what == "fish") return RenderFishCompletion(app);
  if (what == "access") return RenderAccessTable(app);
  if (what == "examples") return ListCheckedExamples(app);
  if (what == "json") return RenderCliDescription(app);
  return UsageError();
}

}  // namespace evt
