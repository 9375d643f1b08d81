// evt-schema: the developer's view of the record schemas.
//   evt-schema evt7 MAN_SRC_FILE   prints man/evt.7
//   evt-schema validate [FILE|-]   checks JSON Lines records against the schemas
//   evt-schema export --jsonschema [KIND...] [--directory DIR]
//                                  the schemas as JSON Schema 2020-12
// Installed beside the tools, so a site can check records and hand the
// schemas to its own validators.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli_main.h"
#include "common/record_schema.h"
#include "common/record_schema_data.h"
#include "common/json_writer.h"
#include "gen/evt7_page.h"
#include "gen/json_schema_export.h"
#include "gen/record_stream_check.h"

namespace evt {
namespace {

struct Options {
  std::string man_source;
  std::string input = "-";
  bool jsonschema = false;
  std::vector<std::string> kinds;
  std::string directory;
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

Result<std::vector<const KindSchema*>> SelectKinds(const RecordSchemas& schemas, const std::vector<std::string>& names) {
  std::vector<const KindSchema*> kinds;
  if (names.empty()) {
    for (const KindSchema& kind : schemas.kinds()) kinds.push_back(&kind);
    return kinds;
  }
  for (const std::string& name : names) {
    const KindSchema* kind = schemas.Find(name);
    if (kind == nullptr) return Status::Usage("unknown record kind \"" + name + "\"; without a KIND every kind is exported");
    kinds.push_back(kind);
  }
  return kinds;
}

Status WriteJsonFile(const std::filesystem::path& path, const Value& document) {
  Result<std::string> json = ToJson(document);
  if (!json.ok()) return json.status().Prefixed(path.string());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *json << '\n';
  out.close();
  if (!out) return Status::IoErr(path.string() + ": cannot write");
  return Status::Ok();
}

// Every kind's document as DIR/KIND.schema.json, and the one for any record
// as DIR/records.schema.json.
Status ExportToDirectory(const std::vector<const KindSchema*>& kinds, const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Status::IoErr(directory.string() + ": cannot create: " + error.message());
  for (const KindSchema* kind : kinds)
    EVT_RETURN_IF_ERROR(WriteJsonFile(directory / (kind->kind + ".schema.json"), KindJsonSchema(*kind)));
  return WriteJsonFile(directory / "records.schema.json", RecordsJsonSchema(kinds));
}

Status Export(const Options& options) {
  Result<RecordSchemas> schemas = LoadSchemas();
  if (!schemas.ok()) return schemas.status();
  Result<std::vector<const KindSchema*>> kinds = SelectKinds(*schemas, options.kinds);
  if (!kinds.ok()) return kinds.status();
  if (!options.directory.empty()) return ExportToDirectory(*kinds, options.directory);
  Result<std::string> json = ToJson(RecordsJsonSchema(*kinds));
  if (!json.ok()) return json.status();
  std::cout << *json << '\n';
  return Status::Ok();
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
  CLI::App* export_command = app.add_subcommand(
      "export", "write the schemas in a standard schema language: one document for any record on stdout");
  export_command->add_flag("--jsonschema", options.jsonschema, "as JSON Schema 2020-12 (the only language so far)")
      ->required();
  export_command->add_option("KIND", options.kinds, "only these record kinds; all without one");
  export_command->add_option("-d,--directory", options.directory,
                             "write DIR/KIND.schema.json for each kind and DIR/records.schema.json instead")
      ->type_name("DIR");
  export_command->callback([&] { run = [&] { return Export(options); }; });
}

}  // namespace
}  // namespace evt

int main(int argc, char** argv) {
  CLI::App app{"Writes evt(7) from the record schemas, checks records against them, exports them as JSON Schema.",
               "evt-schema"};
  evt::Options options;
  std::function<evt::Status()> run;
  evt::BuildCli(app, options, run);
  return evt::RunMain(app, argc, argv, [&] { return run(); });
}
