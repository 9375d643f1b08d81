// --evt-generate json: the whole parser as JSON, hidden and deprecated
// spellings included, for the vocabulary test.
#include "common/cli_description.h"

#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/json_parse.h"
#include "common/messages.h"

namespace evt {
namespace {

struct DescribedTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  bool watch = false;
  std::string output;
  std::int64_t cursor = 0;

  DescribedTool() {
    SetProgramName("evt-demo");
    AddCommonOptions(app, common);
    CLI::App* check = app.add_subcommand("check", "check something");
    check->add_flag("--watch", watch, "keep checking");
    AddDeprecatedFlag(*check, "--follow", "--watch", watch);
    AddOutputOption(*check, output, {OutputForm::kTable, OutputForm::kPrometheus}, "the form of stdout");
    check->add_option("input", "records")->type_name("FILE");
    CLI::App* scans = app.add_subcommand("scans", "scans");
    CLI::App* exp = scans->add_subcommand("export", "export scans");
    AddAfterSeqOption(*exp, cursor, "after this seq");
    MarkReadOnly(*exp);
    app.add_subcommand("__secret", "")->group("");
  }

  Value Described() {
    Result<Value> parsed = ParseJson(RenderCliDescription(app), "description");
    REQUIRE(parsed.ok());
    return *parsed;
  }
};

const Value* Command(const Value& description, const std::vector<std::string>& path) {
  for (const Value& command : description.find("commands")->as_array()) {
    std::vector<std::string> words;
    for (const Value& word : command.find("path")->as_array()) words.push_back(word.as_string());
    if (words == path) return &command;
  }
  return nullptr;
}

const Value* Option(const Value& command, const std::string& name) {
  for (const Value& option : command.find("options")->as_array()) {
    for (const Value& spelling : option.find("names")->as_array()) {
      if (spelling.as_string() == name) return &option;
    }
  }
  return nullptr;
}

TEST_CASE("cli description: every command path, the root first", "[cli_description]") {
  DescribedTool tool;
  Value description = tool.Described();
  CHECK(description.find("tool")->as_string() == "evt-demo");
  const Array& commands = description.find("commands")->as_array();
  REQUIRE(!commands.empty());
  CHECK(commands.front().find("path")->as_array().empty());
  REQUIRE(Command(description, {"scans", "export"}) != nullptr);
  CHECK(Command(description, {"scans", "export"})->find("read_only")->as_bool());
  CHECK_FALSE(Command(description, {"check"})->find("read_only")->as_bool());
  CHECK(Command(description, {"check"})->find("inherits_parent_options")->as_bool());
  REQUIRE(Command(description, {"__secret"}) != nullptr);
  CHECK(Command(description, {"__secret"})->find("hidden")->as_bool());
}

TEST_CASE("cli description: an option's names, value, type, choices and group", "[cli_description]") {
  DescribedTool tool;
  Value description = tool.Described();
  const Value* check = Command(description, {"check"});
  REQUIRE(check != nullptr);
  const Value* output = Option(*check, "-o");
  REQUIRE(output != nullptr);
  CHECK(*output->find("names") == Value::array({"-o", "--output"}));
  CHECK(output->find("takes_value")->as_bool());
  CHECK(output->find("type")->as_string() == "FORM");
  CHECK(*output->find("choices") == Value::array({"table", "prometheus"}));
  CHECK_FALSE(output->find("hidden")->as_bool());
  const Value* watch = Option(*check, "--watch");
  REQUIRE(watch != nullptr);
  CHECK_FALSE(watch->find("takes_value")->as_bool());
  const Value* json = Option(*Command(description, {}), "--json");
  REQUIRE(json != nullptr);
  CHECK(json->find("group")->as_string() == std::string(kCommonOptionsGroup));
  const Array& positionals = check->find("positionals")->as_array();
  REQUIRE(positionals.size() == 1);
  CHECK(positionals[0].find("type")->as_string() == "FILE");
}

TEST_CASE("cli description: old spellings are hidden, deprecated and name their replacement", "[cli_description]") {
  DescribedTool tool;
  Value description = tool.Described();
  const Value* follow = Option(*Command(description, {"check"}), "--follow");
  REQUIRE(follow != nullptr);
  CHECK(follow->find("hidden")->as_bool());
  CHECK(follow->find("deprecated")->as_bool());
  CHECK(follow->find("replacement")->as_string() == "--watch");
  const Value* since = Option(*Command(description, {"scans", "export"}), "--since");
  REQUIRE(since != nullptr);
  CHECK(since->find("deprecated")->as_bool());
  CHECK(since->find("replacement")->as_string() == "--after-seq");
  CHECK(Option(*Command(description, {"scans", "export"}), "--evt-read-only") == nullptr);
}

TEST_CASE("cli vocabulary: an old spelling still parses and warns once", "[cli_description]") {
  DescribedTool tool;
  CapturedMessages messages;
  tool.app.parse(std::vector<std::string>{"--follow", "check"});
  CHECK(tool.watch);
  CHECK(messages.text() == "evt-demo: warning: --follow is deprecated; use --watch\n");
}

TEST_CASE("cli vocabulary: a bare sequence number to --since is the cursor", "[cli_description]") {
  DescribedTool tool;
  CapturedMessages messages;
  tool.app.parse(std::vector<std::string>{"7", "--since", "export", "scans"});
  CHECK(tool.cursor == 7);
  CHECK(messages.text() == "evt-demo: warning: --since is deprecated; use --after-seq\n");
}

TEST_CASE("cli vocabulary: --since with a time, or beside --after-seq, is a usage error", "[cli_description]") {
  DescribedTool tool;
  CapturedMessages messages;
  CHECK_THROWS_AS(tool.app.parse(std::vector<std::string>{"15m", "--since", "export", "scans"}), CLI::ValidationError);
  DescribedTool both;
  CHECK_THROWS_AS(both.app.parse(std::vector<std::string>{"2", "--after-seq", "1", "--since", "export", "scans"}),
                  CLI::ValidationError);
}

TEST_CASE("cli vocabulary: --after-seq takes 0 up to the largest seq and names its range otherwise",
          "[cli_description]") {
  for (std::string bad : {"-1", "9223372036854775808", "99999999999999999999", "1.5", "abc", "7x"}) {
    INFO(bad);
    DescribedTool tool;
    try {
      tool.app.parse(std::vector<std::string>{bad, "--after-seq", "export", "scans"});
      FAIL("--after-seq " << bad << " was taken as " << tool.cursor);
    } catch (const CLI::ValidationError& error) {
      CHECK(std::string(error.what()) ==
            "--after-seq: expected the sequence number a peer last took (0 to 9223372036854775807), got \"" + bad +
                "\"");
    }
  }
  DescribedTool largest;
  largest.app.parse(std::vector<std::string>{"9223372036854775807", "--after-seq", "export", "scans"});
  CHECK(largest.cursor == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("cli vocabulary: -o and its old spelling --format together are a usage error", "[cli_description]") {
  DescribedTool tool;
  CapturedMessages messages;
  CHECK_THROWS_AS(tool.app.parse(std::vector<std::string>{"prometheus", "--format", "table", "-o", "check"}),
                  CLI::ValidationError);
  DescribedTool old;
  old.app.parse(std::vector<std::string>{"prometheus", "--format", "check"});
  CHECK(old.output == "prometheus");
}

TEST_CASE("cli vocabulary: --json is -o records and contradicts any other form", "[cli_description]") {
  CommonOptions json;
  json.json = true;
  CHECK(ResolveOutput(json, "")->records == true);
  CHECK(ResolveOutput(json, "records")->records == true);
  for (const char* other : {"table", "prometheus", "openmetrics"}) {
    Result<ChosenOutput> clash = ResolveOutput(json, other);
    REQUIRE_FALSE(clash.ok());
    CHECK(clash.status().code() == ExitCode::kUsage);
  }
  CommonOptions plain;
  CHECK_FALSE(ResolveOutput(plain, "")->records.has_value());
  CHECK_FALSE(ResolveOutput(plain, "")->metrics.has_value());
  CHECK(ResolveOutput(plain, "openmetrics")->metrics == OutputFormat::kOpenMetrics);
  CHECK(ResolveOutput(plain, "table")->records == false);
  CHECK_FALSE(WantRecords(plain, "table"));
  CHECK(WantRecords(plain, "records"));
}

}  // namespace
}  // namespace evt
