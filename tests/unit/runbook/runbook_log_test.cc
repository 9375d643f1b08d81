#include <cstdio>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "common/messages.h"
#include "runbook_test_util.h"
#include "tools/runbook/runbook_file.h"
#include "tools/runbook/step_sink.h"

using evt::AssumedJournalStream;
using evt::Verbosity;
using namespace evt::runbook;
using namespace evt::runbook::testing;

namespace {

constexpr const char* kEveryLevel =
    "evt.log.info('synced with 1 gate') print('printed') evt.log.warn('gate-b slow') evt.log.error('gate-c gone')";

RunResult RunAt(LogLevel quietest) {
  evt::SetProgramName("evt-runbook");
  TestRun test;
  test.source = Body(kEveryLevel);
  test.environment.quietest_log_level = quietest;
  return RunText(test);
}

TEST_CASE("runbook log: a timer's run at the default level writes no info line", "[runbook]") {
  RunResult r = RunAt(QuietestLogLevel(Verbosity::kNormal, /*log_is_terminal=*/false));
  CHECK(r.log == "evt-runbook: test: warning: gate-b slow\nevt-runbook: test: error: gate-c gone\n");
}

TEST_CASE("runbook log: on a terminal at the default level the info lines show", "[runbook]") {
  RunResult r = RunAt(QuietestLogLevel(Verbosity::kNormal, /*log_is_terminal=*/true));
  CHECK(r.log ==
        "evt-runbook: test: info: synced with 1 gate\nevt-runbook: test: info: printed\n"
        "evt-runbook: test: warning: gate-b slow\nevt-runbook: test: error: gate-c gone\n");
}

TEST_CASE("runbook log: -v shows every line anywhere, -q only the errors", "[runbook]") {
  CHECK(QuietestLogLevel(Verbosity::kVerbose, false) == LogLevel::kInfo);
  CHECK(QuietestLogLevel(Verbosity::kQuiet, true) == LogLevel::kError);
  CHECK(RunAt(QuietestLogLevel(Verbosity::kQuiet, true)).log == "evt-runbook: test: error: gate-c gone\n");
}

TEST_CASE("runbook log: a dry run's lines show at the default level off a terminal", "[runbook]") {
  CHECK(QuietestLogLevel(Verbosity::kNormal, false) == LogLevel::kDryRun);
  TestRun test;
  evt::SetProgramName("evt-runbook");
  test.source = Body("evt.sleep('1s')");
  test.options.dry_run = true;
  test.environment.quietest_log_level = QuietestLogLevel(Verbosity::kNormal, false);
  CHECK(RunText(test).log == "evt-runbook: test: dry run: would sleep 1s\n");
}

TEST_CASE("runbook log: into the journal each line carries its level's priority", "[runbook]") {
  AssumedJournalStream journal(true);
  RunResult r = RunAt(LogLevel::kInfo);
  CHECK(r.log ==
        "<6>evt-runbook: test: info: synced with 1 gate\n<6>evt-runbook: test: info: printed\n"
        "<4>evt-runbook: test: warning: gate-b slow\n<3>evt-runbook: test: error: gate-c gone\n");
}

TEST_CASE("runbook log: a folder named twice is searched and named once", "[runbook]") {
  std::string dir = TempDir();
  std::vector<std::string> dirs = SearchDirs({dir, dir + "/", dir + "/.", dir});
  CHECK(dirs.size() == 2);  // dir, then the shipped runbooks
  CHECK(dirs.front() == dir);
  evt::Result<RunbookFile> missing = FindRunbook("nope", dirs);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "no runbook named \"nope\" in " + dir + ", " + InstalledRunbookDir());
  std::vector<std::string> shipped = SearchDirs({InstalledRunbookDir()});
  CHECK(shipped == std::vector<std::string>{InstalledRunbookDir()});
  std::filesystem::remove_all(dir);
}

std::string Shown(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  return text;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("runbook log: on a terminal a failed step's reason is said on its line only", "[runbook]") {
  std::FILE* screen = std::tmpfile();
  REQUIRE(screen != nullptr);
  {
    TerminalSink sink(screen, false);
    evt::Value step = evt::Value::object({{"step", "open the till"}, {"outcome", "failed"}, {"error", "the till is offline"}});
    REQUIRE(sink.StepEnded(step).ok());
    const std::string failure = "step \"open the till\" failed: the till is offline";
    REQUIRE(sink.RunEnded(evt::Value::object({{"runbook", "till"}, {"outcome", "failed"}, {"message", failure}})).ok());
    CHECK(sink.Said(failure));
    CHECK_FALSE(sink.Said("cannot record the run's end in the audit log"));
  }
  const std::string text = Shown(screen);
  std::fclose(screen);
  CHECK(Count(text, "the till is offline") == 1);
  CHECK(Count(text, "till: failed") == 1);
}

TEST_CASE("runbook log: on a terminal a failure outside any step is said under the summary", "[runbook]") {
  std::FILE* screen = std::tmpfile();
  REQUIRE(screen != nullptr);
  {
    TerminalSink sink(screen, false);
    REQUIRE(sink.RunEnded(evt::Value::object({{"runbook", "raise"}, {"outcome", "failed"}, {"message", "no kiosk answers"}})).ok());
    CHECK(sink.Said("no kiosk answers"));
  }
  const std::string text = Shown(screen);
  std::fclose(screen);
  CHECK(Count(text, "no kiosk answers") == 1);
}

}  // namespace
