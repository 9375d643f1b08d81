// The stream's fast path against the usual one: SkuIndex against a plain
// map, and ReadPlainCartLine against ParseJson + ParseCart — a line it
// takes must give exactly the Cart the usual path gives, and it must
// decline every line the usual path rejects (so that path explains it).
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/json_parse.h"
#include "price_random_shop.h"
#include "price_test_util.h"
#include "tools/price/cart_line.h"
#include "tools/price/sku_index.h"

using namespace evt;
using namespace evt::price;

namespace {

bool SameCart(const Cart& a, const Cart& b) {
  if (a.id != b.id || a.customer != b.customer || a.segments != b.segments || a.codes != b.codes || a.at != b.at ||
      a.lines.size() != b.lines.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    if (a.lines[i].sku != b.lines[i].sku || a.lines[i].qty != b.lines[i].qty) return false;
  }
  return true;
}

// Checks the one promise; returns whether the fast path took the line.
// `reused` has held other carts, as in the stream.
bool TakenAlike(const std::string& line, Cart& reused) {
  bool taken = ReadPlainCartLine(line, reused);
  Result<Value> value = ParseJson(line, "t");
  Result<Cart> usual = value.ok() ? ParseCart(*value) : Result<Cart>(value.status());
  if (taken) {
    INFO(line);
    REQUIRE(usual.ok());
    CHECK(SameCart(reused, *usual));
  }
  return taken;
}

}  // namespace

TEST_CASE("price fast path: the sku index finds every sku and nothing else", "[price]") {
  std::vector<std::string> skus;
  for (int i = 0; i < 3000; ++i) skus.push_back("SKU-" + std::to_string(i));
  skus.push_back(std::string(20, 'x'));   // as long as a slot holds
  skus.push_back(std::string(21, 'x'));   // longer: compared in full
  skus.push_back(std::string(24, 'x'));
  skus.push_back(std::string(25, 'x'));
  skus.push_back(std::string(60, 'y') + "1");
  skus.push_back(std::string(60, 'y') + "2");
  skus.push_back("é");
  for (std::size_t n = 1; n <= 17; ++n) skus.push_back(std::string(n, 'z'));  // each way Hash reads a length
  std::vector<std::string_view> views(skus.begin(), skus.end());
  SkuIndex index(views);
  for (std::uint32_t i = 0; i < skus.size(); ++i) {
    INFO(skus[i]);
    CHECK(index.Find(skus[i]) == std::optional<std::uint32_t>(i));
  }
  for (const std::string& missing : std::vector<std::string>{"", "SKU-", "SKU-3000", "sku-1", std::string(19, 'x'), std::string(22, 'x'), std::string(23, 'x'), std::string(26, 'x'),
                              std::string(60, 'y') + "3", std::string(61, 'y'), std::string("SKU-1\0", 6), std::string(18, 'z')}) {
    CHECK_FALSE(index.Find(missing));
  }
  CHECK_FALSE(SkuIndex().Find("SKU-1"));
  CHECK_FALSE(SkuIndex(std::vector<std::string_view>{}).Find("SKU-1"));
}

TEST_CASE("price fast path: the sku index grows as skus are added and refuses a second copy", "[price]") {
  SkuIndex index;
  std::vector<std::string> skus;
  for (int i = 0; i < 5000; ++i) skus.push_back(i % 7 ? "S" + std::to_string(i) : std::string(30, 'L') + std::to_string(i));
  for (std::uint32_t i = 0; i < skus.size(); ++i) {
    REQUIRE(index.Add(skus[i]));
    CHECK_FALSE(index.Add(skus[i / 2]));
    CHECK(index.size() == i + 1);
  }
  for (std::uint32_t i = 0; i < skus.size(); ++i) CHECK(index.Find(skus[i]) == std::optional<std::uint32_t>(i));
  CHECK_FALSE(index.Find("S5000"));
  CHECK_FALSE(index.Find(std::string(30, 'L') + "1"));
}

TEST_CASE("price fast path: plain carts are read as ParseCart reads them", "[price]") {
  Cart reused;
  for (const char* line : {
           R"({"id":"c1","lines":[{"sku":"A","qty":2}]})",
           R"( { "id" : "c1" , "lines" : [ { "qty" : 12 , "sku" : "A" } , {"sku":"B","qty":1} ] } )"
           "\r",
           R"({"lines":[],"id":"c2"})",
           R"({"id":"c3","customer":"u-5","segments":["staff","vip"],"codes":["SUMMER"],"at":"2026-12-05T19:30:00+01:00","lines":[{"sku":"TEE","qty":999999999999999999}]})",
           R"({"id":"c4","segments":[],"codes":[],"lines":[{"sku":"a b~","qty":1}]})",
           R"({"id":"c5","lines":[{"sku":"A","qty":2},{ "sku":"B","qty":3},{"sku":"C","qty":4 },{"qty":5,"sku":"D"}]})",
       }) {
    INFO(line);
    CHECK(TakenAlike(line, reused));
  }
}

TEST_CASE("price fast path: anything unusual is left to the usual path", "[price]") {
  Cart reused;
  REQUIRE(TakenAlike(R"({"id":"c0","customer":"u","codes":["X"],"lines":[{"sku":"A","qty":2},{"sku":"B","qty":3}]})",
                     reused));
  for (const char* line : {
           R"({"kind":"cart","id":"c1","lines":[]})",      // the envelope: the usual path reads it
           R"({"id":"c1","v":1,"lines":[]})",
           R"({"id":"c1","lines":[],"extra":1})",          // an unknown key: an error there
           R"({"id":"c1","id":"c2","lines":[]})",          // a repeated key
           R"({"id":"c1","lines":[{"sku":"A","qty":1,"qty":2}]})",
           R"({"id":"c1","lines":[{"sku":"A","sku":"B"}]})",
           R"({"id":"c1","lines":[{"sku":"A"}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1,"x":2}]})",
           R"({"id":"c1","lines":[{"sku":"","qty":1}]})",
           R"({"id":"","lines":[]})",
           R"({"id":"c1"})",
           R"({"lines":[]})",
           R"({"id":"c1","customer":"","lines":[]})",
           R"({"id":"c1","codes":[""],"lines":[]})",
           R"({"id":"c1","codes":"X","lines":[]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":0}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":-1}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":01}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1.0}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1e2}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":9999999999999999999}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":"1"}]})",
           R"({"id":"c1","lines":[{"sku":"A\u0042","qty":1}]})",  // an escape
           R"({"id":"c\"1","lines":[]})",
           "{\"id\":\"c\xc3\xa9\",\"lines\":[]}",                    // not ASCII
           "{\"id\":\"c\x01\",\"lines\":[]}",
           R"({"id":"c1","at":"yesterday","lines":[]})",
           R"({"id":"c1","at":null,"lines":[]})",
           R"({"id":"c1","lines":[]} {})",
           R"({"id":"c1","lines":[],})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1},]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1}])",
           R"({"id":"c1","lines":[{"sku":"A","qty":1)",
           R"({"id":"c1","lines":[{"sku":"A","qty":12x}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":1}{"sku":"B","qty":1}]})",
           R"({"id":"c1","lines":[{"sku":"A","qty":)",
           R"(["id","c1"])",
           "",
       }) {
    INFO(line);
    CHECK_FALSE(TakenAlike(line, reused));
  }
}

// Random carts, and the same with random bytes changed, dropped or
// repeated: whatever the fast path takes, the usual path reads alike.
TEST_CASE("price fast path: random and damaged carts", "[price]") {
  testing::RandomShop shop(20261123);
  std::mt19937& rng = shop.rng();
  const std::string alphabet = "{}[]\",:0123456789 -.eE\\aqtyskuid\x80";
  Cart reused;
  int taken = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string line = shop.Cart();
    if (TakenAlike(line, reused)) ++taken;
    for (int damage = 0; damage < 4; ++damage) {
      std::size_t at = std::uniform_int_distribution<std::size_t>(0, line.size() - 1)(rng);
      switch (rng() % 3) {
        case 0: line[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: line.erase(at, 1); break;
        default: line.insert(at, 1, line[at]); break;
      }
      TakenAlike(line, reused);
    }
  }
  CHECK(taken == 3000);
}

// A byte the plain reader must stop at is declined wherever it falls in a
// long string.
TEST_CASE("price fast path: a byte that is not plain is found at every place in a long string", "[price]") {
  Cart reused;
  for (char special : {'"', '\\', '\x01', '\x1f', '\x7f', '\x80', '\xff'}) {
    for (std::size_t at = 0; at < 24; ++at) {
      std::string id(24, 'a');
      id[at] = special;
      std::string line = R"({"id":")" + id + R"(","lines":[{"sku":"SKU-000000000001","qty":1}]})";
      INFO("byte " << static_cast<int>(static_cast<unsigned char>(special)) << " at " << at);
      CHECK_FALSE(TakenAlike(line, reused));
    }
  }
  CHECK(TakenAlike(R"({"id":"abcdefghijklmnopqrstuvwx~ !#$%&'()*+,-./","lines":[{"sku":"SKU-000000000001","qty":1}]})",
                   reused));
}

// Pricing remembers whether each promotion is active at the last cart's
// time; a cart at another time asks again, and one back at the first time
// gets the first answer.
TEST_CASE("price fast path: whether a promotion is active follows each cart's time", "[price]") {
  PriceEngine engine = testing::EngineFromText(
      R"({"currency":"EUR","items":[{"sku":"TEE","price":2000}]})",
      R"({"promotions":[{"id":"hh","kind":"percent_off","percent":50,"target":{"skus":["TEE"]},
          "timezone":"Europe/Berlin","windows":[{"days":["sat"],"from":"22:00","until":"02:30"}]}]})");
  auto total_at = [&](const char* at) {
    return testing::PriceOk(engine, std::string(R"({"id":"c","lines":[{"sku":"TEE","qty":1}],"at":")") + at + "\"}")
        .total;
  };
  for (int round = 0; round < 2; ++round) {
    CHECK(total_at("2026-10-24T19:59:00Z") == 2000);  // 21:59 in Berlin
    CHECK(total_at("2026-10-24T19:59:00Z") == 2000);
    CHECK(total_at("2026-10-24T20:00:00Z") == 1000);  // 22:00
    CHECK(total_at("2026-10-24T20:00:00Z") == 1000);
    CHECK(total_at("2026-10-25T00:45:00Z") == 2000);  // 02:45
  }
}
