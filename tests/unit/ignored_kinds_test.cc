#include "common/ignored_kinds.h"

#include <catch2/catch.hpp>

#include <string>

namespace evt {

TEST_CASE("ignored kinds: nothing ignored says nothing", "[ignored_kinds]") {
  IgnoredKinds ignored;
  CHECK(ignored.Summary().empty());
  CHECK(ignored.total() == 0);
}

TEST_CASE("ignored kinds: counts by kind, most frequent first, ties by name", "[ignored_kinds]") {
  IgnoredKinds ignored;
  for (int i = 0; i < 10; ++i) ignored.Note("flow");
  ignored.Note("scan");
  ignored.Note("budget");
  ignored.Note("scan");
  ignored.Note("budget");
  ignored.Note("quote");
  CHECK(ignored.total() == 15);
  CHECK(ignored.Summary() == "ignored 15 records: 10 flow, 2 budget, 2 scan, 1 quote");
}

TEST_CASE("ignored kinds: one record reads in the singular", "[ignored_kinds]") {
  IgnoredKinds ignored;
  ignored.Note("probe.window");
  CHECK(ignored.Summary() == "ignored 1 record: 1 probe.window");
}

TEST_CASE("ignored kinds: records without a string kind", "[ignored_kinds]") {
  IgnoredKinds ignored;
  ignored.NoteRecord(Value::object({{"kind", "scan"}, {"v", 1}}));
  ignored.NoteRecord(Value::object({{"v", 1}}));
  ignored.NoteRecord(Value::object({{"kind", 7}}));
  CHECK(ignored.Summary() == "ignored 3 records: 2 (no kind), 1 scan");
}

TEST_CASE("ignored kinds: odd kinds are quoted so nothing odd reaches the terminal", "[ignored_kinds]") {
  IgnoredKinds ignored;
  ignored.Note("a b");
  ignored.Note("\x1b[31mred");
  ignored.Note("");
  CHECK(ignored.Summary() == "ignored 3 records: 1 \"\", 1 \"\\u001b[31mred\", 1 \"a b\"");
}

TEST_CASE("ignored kinds: a flood of made-up kinds stays bounded", "[ignored_kinds]") {
  IgnoredKinds ignored;
  for (int i = 0; i < 1000; ++i) ignored.Note("k" + std::to_string(1000 + i));
  for (int i = 0; i < 5; ++i) ignored.Note("k1000");
  CHECK(ignored.total() == 1005);
  std::string summary = ignored.Summary();
  CHECK(summary.rfind("ignored 1005 records: 936 (other kinds), 6 k1000, 1 k1001, ", 0) == 0);
  CHECK(summary.find("k1064") == std::string::npos);
}

}  // namespace evt
