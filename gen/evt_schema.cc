// evt-schema: the developer's view of the record schemas.
//   evt-schema evt7 MAN_SRC_FILE   prints man/evt.7
//   evt-schema validate [FILE|-]   checks JSON Lines records against the schemas
// Not installed: the docs script and the CLI tests run it from the build tree.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "common/cli_main.h"
#include "common/record_schema.h"
#include "common/record_schema_data.h"
#include "gen/evt7_page.h"
#include "gen/record_stream_check.h"

namespace evt {
namespace {

struct Options {
  std::string man_source;
  std::string input = "-";
};

// Loaded here rather than through BuiltinRecordSchemas() so a broken schema
// file is reported with its own message.
Result<RecordSchemas> LoadSchemas() {
  Result<RecordSchemas> schemas = RecordSchemas::Load(EmbeddedSchemas());
  if (!schemas.ok()) return Status::Internal(schemas.status().message());
  return schemas;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(path + ": cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoErr(path + ": read error");
  return text.str();
}

Status PrintEvt7(const Options& options) {
  Result<RecordSchemas> schemas = LoadSchemas();
  if (!schemas.ok()) return schemas.status();
  Result<std::string> source = ReadFile(options.man_source);
  if (!source.ok()) return source.status();
  Result<std::string> page = Evt7Page(*schemas, *source, EVT_VERSION);
  if (!page.ok()) return page.status().Prefixed(options.man_source);
  std::cout << *page;
  return Status::Ok();
}

// Findings go to stdout, like a linter's; the exit code says what kind.
Status Validate(const Options& options) {
  Result<RecordSchemas> schemas = LoadSchemas();
  if (!schemas.ok()) return schemas.status();
  ExitCode code = ExitCode::kOk;
  if (options.input == "-") {
    code = CheckRecordStream(std::cin, "<stdin>", *schemas, std::cout);
  } else {
    std::ifstream in(options.input, std::ios::binary);
    if (!in) return Status::NoInput(options.input + ": cannot open for reading");
    code = CheckRecordStream(in, options.input, *schemas, std::cout);
  }
  if (code == ExitCode::kOk) return Status::Ok();
  return Status::WithCode(code, "");  // the findings are already printed
}

void BuildCli(CLI::App& app, Options& options, std::function<Status()>& run) {
  app.require_subcommand(1);
  CLI::App* evt7 = app.add_subcommand("evt7", "print man/evt.7, generated from the record schemas");
  evt7->add_option("MAN_SRC_FILE", options.man_source, "the hand-written part, man/src/evt.7.roff")->required();
  evt7->callback([&] { run = [&] { return PrintEvt7(options); }; });
  CLI::App* validate = app.add_subcommand(
      "validate", "check JSON Lines records against the schemas; exit 1 if one is invalid, 65 if a line is not JSON");
  validate->add_option("FILE", options.input, "the records; - (the default) for standard input");
  validate->callback([&] { run = [&] { return Validate(options); }; });
}

}  // namespace
}  // namespace evt

int main(int argc, char** argv) {
  CLI::App app{"Writes evt(7) from the record schemas and checks records against them.", "evt-schema"};
  evt::Options options;
  std::function<evt::Status()> run;
  evt::BuildCli(app, options, run);
  return evt::RunMain(app, argc, argv, [&] { return run(); });
}
