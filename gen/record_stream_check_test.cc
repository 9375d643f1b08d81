#include "gen/record_stream_check.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

using evt::ExitCode;

namespace {

constexpr const char* kValid =
    R"({"kind":"error","v":1,"ts":"2026-11-23T08:00:00.000Z","tool":"evt-price","code":65,)"
    R"("code_name":"data_err","message":"bad"})";

struct Checked {
  ExitCode code;
  std::string findings;
};

Checked Check(const std::string& stream) {
  std::istringstream in(stream);
  std::ostringstream out;
  ExitCode code = evt::CheckRecordStream(in, "out.jsonl", evt::BuiltinRecordSchemas(), out);
  return {code, out.str()};
}

}  // namespace

TEST_CASE("evt-schema validate: valid records and an empty stream pass quietly", "[evt-schema validate]") {
  Checked valid = Check(std::string(kValid) + "\n" + kValid + "\n");
  CHECK(valid.code == ExitCode::kOk);
  CHECK(valid.findings.empty());
  CHECK(Check("").code == ExitCode::kOk);
}

TEST_CASE("evt-schema validate: an invalid record is named by line and pointer", "[evt-schema validate]") {
  Checked invalid = Check(std::string(kValid) + "\n" + R"({"kind":"error","v":1,"ts":"2026-11-23T08:00:00.000Z"})" +
                          "\n" + R"({"kind":"nope"})" + "\n");
  CHECK(invalid.code == ExitCode::kCheckFailed);
  CHECK(invalid.findings ==
        "out.jsonl:2: /tool: required field missing\n"
        "out.jsonl:3: /kind: unknown record kind \"nope\"\n");
}

TEST_CASE("evt-schema validate: a line that is not JSON is a data error", "[evt-schema validate]") {
  Checked bad = Check(std::string("{\"kind\":\n") + R"({"kind":"nope"})" + "\n\n");
  CHECK(bad.code == ExitCode::kDataErr);
  CHECK(bad.findings.rfind("out.jsonl:1: ", 0) == 0);
  CHECK(bad.findings.find("\nout.jsonl:2: /kind: unknown record kind \"nope\"\n") != std::string::npos);
  CHECK(bad.findings.find("\nout.jsonl:3: ") != std::string::npos);  // a blank line is not a record
}

TEST_CASE("evt-schema validate: the last record must end its line", "[evt-schema validate]") {
  Checked unterminated = Check(std::string(kValid) + "\n" + kValid);
  CHECK(unterminated.code == ExitCode::kCheckFailed);
  CHECK(unterminated.findings == "out.jsonl:2: the last line has no \\n at its end\n");
}
