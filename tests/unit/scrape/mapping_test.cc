#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/scrape/mapping.h"

namespace evt::scrape {
namespace {

JsonPath P(std::string_view text) {
  Result<JsonPath> p = JsonPath::Parse(text);
  REQUIRE(p.ok());
  return *p;
}

Value J(std::string_view text) {
  Result<Value> v = ParseJson(text, "doc");
  REQUIRE(v.ok());
  return *v;
}

TEST_CASE("scrape mapping: records, value maps, labels from literals, paths and map keys, scale") {
  Mapping m;
  m.records = P("$.links.*");
  m.labels = {{"site", LabelSpec::From::kLiteral, "berlin", {}}};
  MetricSpec up;
  up.name = "link_up";
  up.path = P("@.state");
  up.values = {{"UP", 1}, {"DOWN", 0}};
  up.labels = {{"link", LabelSpec::From::kKey, "", {}}, {"kind", LabelSpec::From::kPath, "", P("@.kind")}};
  MetricSpec rx;
  rx.name = "link_rx_bits";
  rx.path = P("@.rx_kbps");
  rx.scale = 1000;
  rx.labels = {{"link", LabelSpec::From::kKey, "", {}}};
  m.metrics = {up, rx};
  MappingResult r;
  ApplyMapping(m, J(R"({"links": {"wan": {"state": "UP", "kind": "fiber", "rx_kbps": 1.5},
                                  "lte": {"state": "DOWN", "kind": 5, "rx_kbps": "2"}}})"), r);
  CHECK(r.problems.empty());
  REQUIRE(r.samples.size() == 4);
  CHECK(r.samples[0].name() == "link_up");
  CHECK(r.samples[0].value == 1);
  CHECK(r.samples[0].labels == Labels{{"site", "berlin"}, {"link", "wan"}, {"kind", "fiber"}});
  CHECK(r.samples[1].value == 1500);
  CHECK(r.samples[2].value == 0);
  CHECK(r.samples[2].labels == Labels{{"site", "berlin"}, {"link", "lte"}, {"kind", "5"}});
  CHECK(r.samples[3].value == 2000);
  CHECK(r.records == 2);
}

TEST_CASE("scrape mapping: missing fields and strings that are not numbers are reported, never zero") {
  Mapping m;
  m.records = P("$[*]");
  MetricSpec load;
  load.name = "load";
  load.path = P("@.load");
  MetricSpec temp;
  temp.name = "temp";
  temp.path = P("@.temp");
  temp.optional = true;
  MetricSpec state;
  state.name = "state";
  state.path = P("@.state");
  state.values = {{"GREEN", 0}, {"RED", 2}};
  m.metrics = {load, temp, state};
  MappingResult r;
  ApplyMapping(m, J(R"([{"load": "n/a", "state": "AMBER"}, {"load": true, "temp": 40, "state": "RED"}, {"state": null}])"), r);
  REQUIRE(r.samples.size() == 3);
  CHECK(r.samples[0].name() == "load");
  CHECK(r.samples[0].value == 1);
  CHECK(r.samples[1].name() == "temp");
  CHECK(r.samples[2].value == 2);
  CHECK(r.problems == std::vector<std::string>{
                          "load: @.load: expected a number, a numeric string or true/false, got \"n/a\" in record 1 (0)",
                          "state: @.state: expected a number or one of the strings in \"values\", got \"AMBER\" in record 1 (0)",
                          "load: @.load: missing in record 3 (2)",
                          "state: @.state: missing in record 3 (2)",
                      });
}

TEST_CASE("scrape mapping: a selector that finds nothing is a problem") {
  Mapping m;
  m.records = P("$.items[*]");
  MetricSpec x;
  x.name = "x";
  x.path = P("@.x");
  m.metrics = {x};
  MappingResult r;
  ApplyMapping(m, J(R"({"other": []})"), r);
  CHECK(r.samples.empty());
  CHECK(r.problems == std::vector<std::string>{"records: $.items[*] selects nothing"});
}

}  // namespace
}  // namespace evt::scrape
