// The catalog file's quick reader (catalog_file.h) against the Value path
// (ParseJsonFile + ParseCatalog): the same catalog for every fixture and
// random catalog, and the same error for bad ones (it hands those over).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/json_writer.h"
#include "price_random_shop.h"
#include "price_test_util.h"
#include "tools/price/catalog_file.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

// A file that is removed when the test is done with it.
class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_((std::filesystem::temp_directory_path() /
               ("evt-price-catalog-" + std::to_string(getpid()) + "-" + std::to_string(counter_++) + ".json"))
                  .string()) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

void CheckSameCatalog(const Catalog& a, const Catalog& b) {
  CHECK(a.currency == b.currency);
  CHECK(a.minor_digits == b.minor_digits);
  CHECK(a.tax_mode == b.tax_mode);
  REQUIRE(a.tax_classes.size() == b.tax_classes.size());
  for (std::size_t i = 0; i < a.tax_classes.size(); ++i) {
    CHECK(a.tax_classes[i].name == b.tax_classes[i].name);
    CHECK(a.tax_classes[i].rate == b.tax_classes[i].rate);
  }
  REQUIRE(a.items.size() == b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    CHECK(a.items[i].sku == b.items[i].sku);
    CHECK(a.items[i].name == b.items[i].name);
    CHECK(a.items[i].price == b.items[i].price);
    CHECK(a.items[i].tags == b.items[i].tags);
    CHECK(a.items[i].tax_class == b.items[i].tax_class);
  }
  REQUIRE(a.sku_index.size() == b.sku_index.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    CHECK(a.sku_index.Find(a.items[i].sku) == std::optional<std::uint32_t>(i));
    CHECK(b.sku_index.Find(b.items[i].sku) == std::optional<std::uint32_t>(i));
  }
}

// The quick reader must read `text` and agree with the Value path.
void CheckReadQuickly(const std::string& text) {
  TempFile file(text);
  std::optional<Catalog> quick = ReadPlainCatalogFile(file.path());
  REQUIRE(quick);
  Result<Value> document = ParseJsonFile(file.path());
  REQUIRE(document.ok());
  Result<Catalog> slow = ParseCatalog(*document, file.path());
  REQUIRE(slow.ok());
  CheckSameCatalog(*quick, *slow);
}

// The quick reader must hand `text` over, and LoadCatalog then says what
// the Value path says.
void CheckHandedOver(const std::string& text) {
  INFO(text);
  TempFile file(text);
  CHECK_FALSE(ReadPlainCatalogFile(file.path()));
  Result<Catalog> loaded = LoadCatalog(file.path());
  Result<Value> document = ParseJsonFile(file.path());
  Status expected = document.ok() ? ParseCatalog(*document, file.path()).status() : document.status();
  CHECK(loaded.status().code() == expected.code());
  CHECK(loaded.status().message() == expected.message());
}

}  // namespace

TEST_CASE("price catalog file: fixture catalogs read the same as through a Value", "[price]") {
  Result<Value> fixtures = ParseJsonFile(std::string(EVT_SOURCE_DIR) + "/tests/unit/price/fixtures/quotes.json");
  REQUIRE(fixtures.ok());
  for (const Value& suite : fixtures->find("suites")->as_array()) {
    INFO("suite: " << suite.find("name")->as_string());
    Result<std::string> text = ToJson(*suite.find("catalog"));
    REQUIRE(text.ok());
    CheckReadQuickly(*text);
  }
}

TEST_CASE("price catalog file: random catalogs read the same as through a Value", "[price]") {
  for (std::uint32_t seed = 1; seed <= 50; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    Result<std::string> text = ToJson(shop.Catalog());
    REQUIRE(text.ok());
    CheckReadQuickly(*text);
  }
  CheckReadQuickly(R"({"items": [{"sku": "Z", "price": 0, "tags": []}, {"name": "A \"quoted\" \u00e9", "sku": "A",
                      "price": 9223372036854775807, "tags": ["x", "y"]}], "currency": "JPY"})");
  // Whitespace around every token, escapes first or last in a string, and
  // a string that is one escaped quote.
  CheckReadQuickly(R"({ "currency" : "EUR" , "items" : [ { "sku" : "A" , "name" : "\u0041b" , "price" : 1 ,
                      "tags" : [ "x" , "y\\" , "\"" ] } , {"sku":"B","name":"b\t","price":2,"tags":["\u00e9t\u00e9"]} ] })");
  CheckReadQuickly(R"({"currency": "KWD", "tax": {"rates": {"zero": 0, "one": 1, "odd": 0.123456789, "standard": 0.2},
                      "mode": "exclusive"}, "items": [{"sku": "A", "price": 1}, {"sku": "B", "price": 2, "tax_class": "odd"}]})");
}

TEST_CASE("price catalog file: anything unusual goes the Value path, with its message", "[price]") {
  const char* bad[] = {
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "sku": "B"}]})",
      R"({"currency": "EUR", "items": [], "items": []})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1}, {"sku": "A", "price": 2}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1.5}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": -1}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 18446744073709551615}]})",
      R"({"currency": "EUR", "items": [{"sku": "", "price": 1}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "colour": "red"}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "tags": [""]}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "tax_class": "standard"}]})",
      R"({"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"reduced": 0.07}}, "items": [{"sku": "A", "price": 1}]})",
      R"({"currency": "EUR", "tax": {"mode": "sideways", "rates": {}}, "items": []})",
      R"({"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"a": 0.1, "a": 0.2}}, "items": []})",
      R"({"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"a": 1.5}}, "items": []})",
      R"({"currency": "EUR", "tax": null, "items": []})",
      R"({"currency": "EURO", "items": []})",
      R"({"currency": "EUR"})",
      R"({"currency": "EUR", "items": [)",
      R"([1, 2])",
      "",
      // What a reader that checks only what it visits could let through.
      R"({"currency": "EUR", "items": []} x)",
      R"({"currency": "EUR", "items": []}{})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1}] ])",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1 "name": "x"}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": tru}]})",
      "{\"currency\": \"EUR\", \"items\": [{\"sku\": \"A\x01\", \"price\": 1}]}",
      "{\"currency\": \"EUR\", \"items\": [{\"sku\": \"A\", \"name\": \"\xff\", \"price\": 1}]}",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 01}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": -0}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1e2}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1.0}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": "1"}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 12x}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "tags": ["x", 1]}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "tags": "x"}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1, "name": null}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1}, 7]})",
      R"({"currency": "EUR", "items": {}})",
      R"({"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"standard": "0.1"}}, "items": []})",
      R"({"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"standard": 0.1}, "mode": "exclusive"}, "items": []})",
      // Valid, but unusual enough to be left to the Value path.
      R"({"currency": "EUR", "items": [{"s\u006bu": "A", "price": 1}]})",
      R"({"currency": "EUR", "items": [{"sku": "A", "price": 1}], "tax": {"mode": "inclusive", "rates": {"standard": 0.1}}})",
  };
  for (const char* text : bad) CheckHandedOver(text);
  CHECK_FALSE(ReadPlainCatalogFile("/nonexistent/evt-price/catalog.json"));
  Result<Catalog> missing = LoadCatalog("/nonexistent/evt-price/catalog.json");
  CHECK(missing.status().code() == ExitCode::kNoInput);
}
