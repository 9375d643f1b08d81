#include "common/record_input.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "common/json_parse.h"

namespace evt {
namespace {

// A file holding `text`, opened for reading: the reader's input.
struct InputFile {
  explicit InputFile(const std::string& text) : file(std::tmpfile()) {
    std::fputs(text.c_str(), file);
    std::rewind(file);
  }
  ~InputFile() { std::fclose(file); }
  std::FILE* file;
};

// Where error records go, read back as text.
struct Output {
  Output() : file(std::tmpfile()), writer(file) {}
  ~Output() { std::fclose(file); }
  std::string Text() {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    for (int c; (c = std::fgetc(file)) != EOF;) text.push_back(static_cast<char>(c));
    return text;
  }
  std::FILE* file;
  RecordWriter writer;
};

constexpr const char* kTwoGoodOneBad = "{\"kind\":\"a\"}\n{\"kind\":\n{\"kind\":\"b\"}\n";

}  // namespace

TEST_CASE("record input: --on-error fail stops at the bad line with its place", "[record_input]") {
  InputFile in(kTwoGoodOneBad);
  JsonlReader reader(fileno(in.file), "cart.jsonl");
  Output out;
  CommonOptions options;
  ManualClock clock;
  RecordInput input(reader, options, out.writer, clock);
  auto first = input.Next();
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  auto second = input.Next();
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == ExitCode::kDataErr);
  CHECK_THAT(second.status().message(), Catch::Contains("cart.jsonl:2"));
  CHECK(out.Text().empty());
}

TEST_CASE("record input: --on-error skip counts the bad line and goes on", "[record_input]") {
  InputFile in(kTwoGoodOneBad);
  JsonlReader reader(fileno(in.file), "cart.jsonl");
  Output out;
  CommonOptions options;
  options.on_error = OnError::kSkip;
  options.errors_as_records = true;
  ManualClock clock;
  RecordInput input(reader, options, out.writer, clock);
  int good = 0;
  while (true) {
    auto next = input.Next();
    REQUIRE(next.ok());
    if (!next->has_value()) break;
    ++good;
  }
  CHECK(good == 2);
  CHECK(input.skipped() == 1);
  Result<Value> error = ParseJson(out.Text(), "out");
  REQUIRE(error.ok());
  CHECK(error->find("kind")->as_string() == "error");
  CHECK(error->find("line")->as_int() == 2);
  CHECK(error->find("source")->as_string() == "cart.jsonl");
}

TEST_CASE("record input: an error record only with --errors-as-records", "[record_input]") {
  InputFile in(kTwoGoodOneBad);
  JsonlReader reader(fileno(in.file), "-");
  Output out;
  CommonOptions options;
  options.on_error = OnError::kSkip;
  ManualClock clock;
  RecordInput input(reader, options, out.writer, clock);
  while (true) {
    auto next = input.Next();
    REQUIRE(next.ok());
    if (!next->has_value()) break;
    input.Ignore((*next)->value);
  }
  CHECK(out.Text().empty());
  CHECK(input.ignored().total() == 2);
}

}  // namespace evt
