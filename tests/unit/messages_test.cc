#include "common/messages.h"

#include <catch2/catch.hpp>

namespace evt {
namespace {

TEST_CASE("messages: an error reads prog: message on one line", "[messages]") {
  SetProgramName("evt-price");
  CapturedMessages captured;
  PrintError("carts.jsonl:17: \"qty\": expected a number, got a string");
  CHECK(captured.text() == "evt-price: carts.jsonl:17: \"qty\": expected a number, got a string\n");
}

TEST_CASE("messages: the program name drops the folder of argv[0]", "[messages]") {
  SetProgramName("/usr/local/bin/evt-token");
  CHECK(ProgramName() == "evt-token");
  SetProgramName("");
  CHECK(ProgramName() == "evt-token");
}

TEST_CASE("messages: a failed status prints its message, an empty one prints nothing", "[messages]") {
  SetProgramName("evt-budget");
  CapturedMessages captured;
  PrintError(Status::Config("event.json: /budget/limit: expected a number, got a string"));
  PrintError(Status::CheckFailed(""));
  PrintError(Status::Ok());
  CHECK(captured.text() == "evt-budget: event.json: /budget/limit: expected a number, got a string\n");
}

TEST_CASE("messages: a warning says so after the program name", "[messages]") {
  SetProgramName("evt-scrape");
  CapturedMessages captured;
  PrintWarning("ignored 3 records: 3 flow");
  CHECK(captured.text() == "evt-scrape: warning: ignored 3 records: 3 flow\n");
}

TEST_CASE("messages: control characters in a message are escaped, never a second line", "[messages]") {
  SetProgramName("evt-probe");
  CHECK(FormatMessageLine("bad line \"a\nb\"\r\x01") == "evt-probe: bad line \"a\\nb\"\\r\\x01\n");
  CHECK(FormatMessageLine("tab\tand \x7f") == "evt-probe: tab\\tand \\x7f\n");
}

TEST_CASE("messages: UTF-8 text passes through untouched", "[messages]") {
  SetProgramName("evt-price");
  CHECK(FormatMessageLine("café: 5 €") == "evt-price: café: 5 €\n");
}

// Restores the default level when a test that changed it ends.
struct VerbosityScope {
  explicit VerbosityScope(Verbosity v) { SetVerbosity(v); }
  ~VerbosityScope() { SetVerbosity(Verbosity::kNormal); }
};

TEST_CASE("messages: at the default level, warnings and errors but no info", "[messages]") {
  SetProgramName("evt-runbook");
  VerbosityScope level(Verbosity::kNormal);
  CapturedMessages captured;
  PrintInfo("synced with 2 gates");
  PrintWarning("gate-b unreachable");
  PrintError("gate-sync failed");
  PrintNotice("serving on 127.0.0.1:8080");
  CHECK(captured.text() ==
        "evt-runbook: warning: gate-b unreachable\n"
        "evt-runbook: gate-sync failed\n"
        "evt-runbook: serving on 127.0.0.1:8080\n");
}

TEST_CASE("messages: -v adds the info lines", "[messages]") {
  SetProgramName("evt-token");
  VerbosityScope level(Verbosity::kVerbose);
  CapturedMessages captured;
  PrintInfo("merged 2 new of 2 scans (0 already here)");
  PrintWarning("1 scan or revocation is ahead");
  CHECK(captured.text() ==
        "evt-token: merged 2 new of 2 scans (0 already here)\n"
        "evt-token: warning: 1 scan or revocation is ahead\n");
}

TEST_CASE("messages: -q leaves only the errors", "[messages]") {
  SetProgramName("evt-token");
  VerbosityScope level(Verbosity::kQuiet);
  CapturedMessages captured;
  PrintInfo("merged");
  PrintWarning("ahead");
  PrintNotice("serving on 127.0.0.1:8080");
  PrintError("bad export");
  CHECK(captured.text() == "evt-token: bad export\n");
}

TEST_CASE("messages: into the journal, every line starts with its syslog priority", "[messages]") {
  SetProgramName("evt-scrape");
  VerbosityScope level(Verbosity::kVerbose);
  AssumedJournalStream journal(true);
  CapturedMessages captured;
  PrintError("edge: connection refused");
  PrintWarning("edge: no such metric");
  PrintInfo("edge: 3 series");
  PrintNotice("serving on 127.0.0.1:8080");
  WriteStderrLine(Severity::kWarning, "evt-runbook: shed: warning: no command\n");
  CHECK(captured.text() ==
        "<3>evt-scrape: edge: connection refused\n"
        "<4>evt-scrape: warning: edge: no such metric\n"
        "<6>evt-scrape: edge: 3 series\n"
        "<6>evt-scrape: serving on 127.0.0.1:8080\n"
        "<4>evt-runbook: shed: warning: no command\n");
}

TEST_CASE("messages: no priority prefix when stderr is not the journal", "[messages]") {
  AssumedJournalStream not_journal(false);
  CHECK(SeverityPrefix(Severity::kError).empty());
  CHECK(SeverityPrefix(Severity::kWarning).empty());
  CHECK(SeverityPrefix(Severity::kInfo).empty());
  SetProgramName("evt-scrape");
  CapturedMessages captured;
  PrintError("edge: connection refused");
  CHECK(captured.text() == "evt-scrape: edge: connection refused\n");
}

}  // namespace
}  // namespace evt
