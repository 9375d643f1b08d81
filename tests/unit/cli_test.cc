// RunMainInProcess on a small tool: what a user sees from the command line
// (exit codes, stdout, "prog: message" on stderr), without a process.
#include <csignal>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/cli_main.h"
#include "common/messages.h"
#include "common/process_state.h"

namespace evt {
namespace {

// A tool with the common options, an option of its own and a subcommand.
struct DemoTool {
  CLI::App app{"a tool for tests", "evt-demo"};
  CommonOptions common;
  int count = 0;
  CLI::App* scan = nullptr;
  bool ran = false;

  DemoTool() {
    AddCommonOptions(app, common);
    app.add_option("--count", count, "how many");
    scan = app.add_subcommand("scan", "scan something");
  }

  // Runs the command line; `run` defaults to a successful one.
  int Run(std::vector<const char*> args, std::function<Status()> run = nullptr) {
    args.insert(args.begin(), "evt-demo");
    std::function<Status()> body = [this, run] {
      ran = true;
      return run ? run() : Status::Ok();
    };
    return RunMainInProcess(app, static_cast<int>(args.size()), args.data(), body, out);
  }

  std::ostringstream out;
};

// Process-wide stop/reader flags are reset however a test ends.
struct ProcessStateGuard {
  ProcessStateGuard() { ResetProcessStateForTesting(); }
  ~ProcessStateGuard() { ResetProcessStateForTesting(); }
};

TEST_CASE("cli: --help prints the usage on stdout and exits 0 without running", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"--help"}) == 0);
  CHECK_FALSE(tool.ran);
  CHECK(messages.text().empty());
  std::string help = tool.out.str();
  CHECK(help.find("Usage: evt-demo") != std::string::npos);
  for (const char* option : {"--json", "--config", "--state-dir", "--on-error", "--errors-as-records", "--utc",
                             "--version", "--count", "scan"}) {
    INFO(option);
    CHECK(help.find(option) != std::string::npos);
  }
  CHECK(help.find("--evt-generate") == std::string::npos);
}

TEST_CASE("cli: --help after a subcommand shows that subcommand", "[cli]") {
  DemoTool tool;
  CHECK(tool.Run({"scan", "--help"}) == 0);
  CHECK(tool.out.str().find("Usage: evt-demo scan") != std::string::npos);
}

TEST_CASE("cli: --version prints the name and version on stdout and exits 0", "[cli]") {
  DemoTool tool;
  CHECK(tool.Run({"--version"}) == 0);
  CHECK(tool.out.str() == std::string("evt-demo ") + EVT_VERSION + "\n");
  CHECK_FALSE(tool.ran);
  DemoTool after_subcommand;
  CHECK(after_subcommand.Run({"scan", "--version"}) == 0);
  CHECK(after_subcommand.out.str() == std::string("evt-demo ") + EVT_VERSION + "\n");
}

TEST_CASE("cli: an unknown option exits 2 with prog: message and a hint", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"--bogus"}) == 2);
  CHECK_FALSE(tool.ran);
  CHECK(tool.out.str().empty());
  CHECK(messages.text() ==
        "evt-demo: the following argument was not expected: --bogus\n"
        "evt-demo: try 'evt-demo --help' for more information\n");
}

TEST_CASE("cli: a stray argument is named even when a subcommand is required", "[cli]") {
  DemoTool tool;
  tool.app.require_subcommand(1);
  CapturedMessages messages;
  CHECK(tool.Run({"--bogus"}) == 2);
  CHECK(messages.text().rfind("evt-demo: unexpected argument: --bogus\n", 0) == 0);
  DemoTool bare;
  bare.app.require_subcommand(1);
  CapturedMessages bare_messages;
  CHECK(bare.Run({}) == 2);
  CHECK(bare_messages.text().rfind("evt-demo: a subcommand is required\n", 0) == 0);
}

TEST_CASE("cli: the hint of a usage error names the chosen subcommand", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"scan", "--bogus"}) == 2);
  CHECK(messages.text().find("evt-demo: try 'evt-demo scan --help'") != std::string::npos);
}

TEST_CASE("cli: every CLI11 parse error exits 2, never CLI11's own 100-127", "[cli]") {
  const std::vector<std::vector<const char*>> bad_command_lines = {
      {"--on-error", "bogus"}, {"--on-error"}, {"--count", "two"}, {"--count"},
      {"--config"},          {"stray"},      {"scan", "extra"},
  };
  for (const auto& args : bad_command_lines) {
    DemoTool tool;
    CapturedMessages messages;
    INFO(args.front());
    CHECK(tool.Run(args) == 2);
    CHECK_FALSE(tool.ran);
    CHECK(messages.text().rfind("evt-demo: ", 0) == 0);
  }
}

TEST_CASE("cli: --on-error bogus names the option and its choices", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({"--on-error", "bogus"}) == 2);
  CHECK(messages.text().find("evt-demo: --on-error: bogus not in {fail,skip}\n") == 0);
}

TEST_CASE("cli: an empty argv (argc 0) runs the tool with no arguments", "[cli]") {
  DemoTool tool;
  const char* no_args[] = {nullptr};
  bool ran = false;
  CHECK(RunMainInProcess(tool.app, 0, no_args, [&ran] {
    ran = true;
    return Status::Ok();
  }, tool.out) == 0);
  CHECK(ran);
  CHECK(ProgramName() == "evt-demo");
}

TEST_CASE("cli: common options default to records by terminal, fail on error, no paths", "[cli]") {
  DemoTool tool;
  CHECK(tool.Run({}) == 0);
  CHECK(tool.ran);
  CHECK_FALSE(tool.common.json);
  CHECK(tool.common.config.empty());
  CHECK(tool.common.state_dir.empty());
  CHECK(tool.common.on_error == OnError::kFail);
  CHECK_FALSE(tool.common.errors_as_records);
}

TEST_CASE("cli: common options parse before a subcommand", "[cli]") {
  DemoTool tool;
  CHECK(tool.Run({"--json", "--config", "site.json", "--state-dir", "/tmp/st", "--on-error", "skip",
                  "--errors-as-records", "scan"}) == 0);
  CHECK(tool.scan->parsed());
  CHECK(tool.common.json);
  CHECK(tool.common.config == "site.json");
  CHECK(tool.common.state_dir == "/tmp/st");
  CHECK(tool.common.on_error == OnError::kSkip);
  CHECK(tool.common.errors_as_records);
}

TEST_CASE("cli: common options parse after a subcommand", "[cli]") {
  DemoTool tool;
  CHECK(tool.Run({"scan", "--json", "--config=site.json", "--on-error=skip", "--on-error", "fail"}) == 0);
  CHECK(tool.scan->parsed());
  CHECK(tool.common.json);
  CHECK(tool.common.config == "site.json");
  CHECK(tool.common.on_error == OnError::kFail);
}

TEST_CASE("cli: a subcommand added after the common options still takes them", "[cli]") {
  DemoTool tool;
  CLI::App* keys = tool.app.add_subcommand("keys", "manage keys");
  CLI::App* rotate = keys->add_subcommand("rotate", "rotate a key");
  CHECK(tool.Run({"keys", "rotate", "--state-dir", "/tmp/st", "--json"}) == 0);
  CHECK(rotate->parsed());
  CHECK(tool.common.state_dir == "/tmp/st");
  CHECK(tool.common.json);
}

TEST_CASE("cli: the common options are marked, the tool's own are not", "[cli]") {
  DemoTool tool;
  std::vector<std::string> common;
  for (const CLI::Option* option : tool.app.get_options()) {
    if (IsCommonOption(*option)) common.push_back(option->get_name());
  }
  CHECK(common.size() == 11);
  CHECK_FALSE(IsCommonOption(*tool.app.get_option("--count")));
  CHECK(IsCommonOption(*tool.app.get_option("--quiet")));
  CHECK(IsCommonOption(*tool.app.get_option("--verbose")));
  CHECK(IsCommonOption(*tool.app.get_option("--color")));
  CHECK(IsCommonOption(*tool.app.get_option("--json")));
  CHECK(IsCommonOption(*tool.app.get_option("--help")));
}

TEST_CASE("cli: a failed run prints prog: message and exits with its code", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  int code = tool.Run({}, [] { return Status::DataErr("<stdin>:2: expected an object, got an array"); });
  CHECK(code == 65);
  CHECK(ProgramName() == "evt-demo");
  CHECK(messages.text() == "evt-demo: <stdin>:2: expected an object, got an array\n");
}

TEST_CASE("cli: every exit code of a failed run passes through", "[cli]") {
  for (ExitCode code : {ExitCode::kCheckFailed, ExitCode::kDryRunPending, ExitCode::kNoInput,
                        ExitCode::kUnavailable, ExitCode::kIoErr, ExitCode::kTempFail, ExitCode::kConfig}) {
    DemoTool tool;
    CapturedMessages messages;
    CHECK(tool.Run({}, [code] { return Status::WithCode(code, "it failed"); }) == ToInt(code));
    CHECK(messages.text() == "evt-demo: it failed\n");
  }
}

TEST_CASE("cli: a check that failed with an empty message exits 1 silently", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({}, [] { return Status::CheckFailed(""); }) == 1);
  CHECK(messages.text().empty());
}

TEST_CASE("cli: an exception escaping run is an internal error, exit 70", "[cli]") {
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({}, []() -> Status { throw std::runtime_error("vector::at"); }) == 70);
  CHECK(messages.text() == "evt-demo: internal error: vector::at\n");
  DemoTool other;
  CHECK(other.Run({}, []() -> Status { throw 42; }) == 70);
}

TEST_CASE("cli: after SIGTERM or SIGINT the exit code is 143 or 130", "[cli]") {
  ProcessStateGuard guard;
  DemoTool term;
  CHECK(term.Run({}, [] {
    RequestStop(SIGTERM);
    return Status::Ok();
  }) == 143);
  ResetProcessStateForTesting();
  DemoTool interrupt;
  CHECK(interrupt.Run({}, [] {
    RequestStop(SIGINT);
    return Status::Ok();
  }) == 130);
}

TEST_CASE("cli: when the reader went away the tool ends quietly with 0", "[cli]") {
  ProcessStateGuard guard;
  DemoTool tool;
  CapturedMessages messages;
  CHECK(tool.Run({}, [] {
    MarkReaderGone();
    return Status::IoErr("write error: Broken pipe");
  }) == 0);
  CHECK(messages.text().empty());
}

}  // namespace
}  // namespace evt
