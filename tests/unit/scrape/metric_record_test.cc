// The record's fast paths (a word-at-a-time scan for bytes to escape, a
// value formatted without building a Value) against the record writer's
// own output for the same record.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "common/json_writer.h"
#include "common/value.h"
#include "tools/scrape/metric_output.h"

namespace evt::scrape {
namespace {

std::string Record(std::string_view label_value, double value) {
  Labels labels{{"k", std::string(label_value)}};
  std::string out;
  REQUIRE(AppendSampleJson(out, {"m", labels, value, "gauge", "", ""}, "s", "T").ok());
  return out;
}

std::string Expected(std::string_view json_value, std::string_view json_label) {
  return R"({"kind":"metric","v":1,"ts":"T","name":"m","value":)" + std::string(json_value) + R"(,"labels":{"k":)" +
         std::string(json_label) + R"(},"source":"s","type":"gauge"})";
}

TEST_CASE("scrape metric record: a byte to escape is found wherever it falls in the 8-byte words") {
  const std::vector<std::string> bytes = {"\"", "\\", "\n", "\x1F", std::string(1, '\0'), "\xC3\xA9", "\x7F", " ", "~"};
  for (const std::string& byte : bytes) {
    for (std::size_t at = 0; at <= 19; ++at) {
      std::string text = std::string(at, 'a') + byte + std::string(19 - at, 'b');
      std::string json_text;
      REQUIRE(AppendJsonString(json_text, text).ok());
      INFO("byte " << static_cast<int>(static_cast<unsigned char>(byte[0])) << " at " << at);
      CHECK(Record(text, 1) == Expected("1", json_text));
    }
  }
  std::string out;
  Labels bad{{"k", "aaaaaaaaaaaaaaa\xFF"}};  // invalid UTF-8 in the second word
  CHECK(AppendSampleJson(out, {"m", bad, 1, "gauge", "", ""}, "s", "T").code() == ExitCode::kDataErr);
}

TEST_CASE("scrape metric record: values print as the record writer prints them") {
  struct Case {
    double value;
    std::string json;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Case& c : std::vector<Case>{{0, "0"},
                                         {-0.0, "0"},
                                         {42, "42"},
                                         {-7, "-7"},
                                         {0.1, "0.1"},
                                         {2.5e-7, "2.5e-07"},
                                         {8.9e15, "8900000000000000"},
                                         {9e15, "9e+15"},
                                         {9007199254740993.0, "9007199254740992.0"},
                                         {1e300, "1e+300"},
                                         {std::nan(""), "\"NaN\""},
                                         {inf, "\"+Inf\""},
                                         {-inf, "\"-Inf\""}}) {
    INFO(c.json);
    CHECK(Record("v", c.value) == Expected(c.json, "\"v\""));
  }
}

}  // namespace
}  // namespace evt::scrape
