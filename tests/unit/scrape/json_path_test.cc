#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/scrape/json_path.h"

namespace evt::scrape {
namespace {

Value Doc() {
  Result<Value> v = ParseJson(
      R"({"store": {"book": [{"category": "reference", "price": 8.95, "title": "A"},
                            {"category": "fiction", "price": 12.99, "title": "B"},
                            {"category": "fiction", "price": 8.99, "title": "C", "isbn": "x"}],
                   "bicycle": {"color": "red", "price": 399}},
          "ifaces": {"wan0": {"rx": 1}, "lte1": {"rx": 2}}, "a.b": 7})",
      "doc");
  REQUIRE(v.ok());
  return *v;
}

std::vector<std::string> Keys(std::string_view path, const Value& doc) {
  Result<JsonPath> p = JsonPath::Parse(path);
  INFO((p.ok() ? std::string() : p.status().message()));
  REQUIRE(p.ok());
  std::vector<std::string> out;
  for (const PathMatch& m : p->Select(doc)) out.push_back(m.key);
  return out;
}

TEST_CASE("scrape json path: members, wildcards, indexes and the keys they went through") {
  Value doc = Doc();
  CHECK(Keys("$", doc) == std::vector<std::string>{""});
  CHECK(Keys("$.store.bicycle.color", doc) == std::vector<std::string>{"color"});
  CHECK(Keys("$['a.b']", doc) == std::vector<std::string>{"a.b"});
  CHECK(Keys("$.store.book[*]", doc) == std::vector<std::string>{"0", "1", "2"});
  CHECK(Keys("$.ifaces.*", doc) == std::vector<std::string>{"wan0", "lte1"});
  CHECK(Keys("$.store.book[-1]", doc) == std::vector<std::string>{"2"});
  CHECK(Keys("$.store.book[3]", doc).empty());
  CHECK(Keys("$.nothing.here", doc).empty());
  Result<JsonPath> title = JsonPath::Parse("@.store.book[1].title");
  REQUIRE(title.ok());
  CHECK(title->SelectOne(doc)->as_string() == "B");
}

TEST_CASE("scrape json path: filters compare as RFC 9535 does") {
  Value doc = Doc();
  CHECK(Keys("$.store.book[?(@.category == 'fiction')]", doc) == std::vector<std::string>{"1", "2"});
  CHECK(Keys("$.store.book[?@.price < 9]", doc) == std::vector<std::string>{"0", "2"});
  CHECK(Keys("$.store.book[?(@.price >= 12.99)]", doc) == std::vector<std::string>{"1"});
  CHECK(Keys("$.store.book[?(@.isbn)]", doc) == std::vector<std::string>{"2"});
  CHECK(Keys("$.store.book[?(@.category != \"fiction\")]", doc) == std::vector<std::string>{"0"});
  CHECK(Keys("$.store.book[?(@.price < 'x')]", doc).empty());  // ordering across types is false
  CHECK(Keys("$.ifaces[?(@.rx == 2)]", doc) == std::vector<std::string>{"lte1"});
}

TEST_CASE("scrape json path: what is not supported is refused, naming the position") {
  auto error = [](std::string_view text) {
    Result<JsonPath> p = JsonPath::Parse(text);
    REQUIRE_FALSE(p.ok());
    CHECK(p.status().code() == ExitCode::kConfig);
    return p.status().message();
  };
  CHECK(error("store") == "JSONPath \"store\": at 1: expected the path to start with '$' (the document) or '@' (the record)");
  CHECK(error("$..book") == "JSONPath \"$..book\": at 3: descendant segments (..) are not supported");
  CHECK(error("$.a[0:2]") == "JSONPath \"$.a[0:2]\": at 6: unions and slices are not supported");
  CHECK(error("$.a[?(@.b ~ 1)]") == "JSONPath \"$.a[?(@.b ~ 1)]\": at 11: expected ==, !=, <, <=, > or >= (&& and || are not supported)");
  CHECK(error("$.a['b") == "JSONPath \"$.a['b\": at 7: the closing quote is missing");
}

}  // namespace
}  // namespace evt::scrape
