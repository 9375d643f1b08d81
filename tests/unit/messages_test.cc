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

}  // namespace
}  // namespace evt
