// The receipt a person reads at a terminal (receipt.h): the column of gross
// less discount is "net" only where tax is added on top of it.
#include <catch2/catch.hpp>

#include "common/time_display.h"
#include "price_test_util.h"
#include "tools/price/receipt.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

std::string Receipt(const char* tax_mode) {
  const std::string catalog = std::string(R"({"currency": "EUR", "tax": {"mode": ")") + tax_mode +
                              R"(", "rates": {"standard": 0.19}}, "items": [{"sku": "A", "name": "Tee", "price": 1999}]})";
  PriceEngine engine = EngineFromText(catalog, R"({"promotions": []})");
  Quote quote = PriceOk(engine, R"({"id": "c", "lines": [{"sku": "A", "qty": 1}]})");
  return RenderReceipt(quote, engine, UtcZone(), kNoon, false, 120);
}

std::string HeaderLine(const std::string& receipt) {
  std::size_t start = receipt.find('\n') + 1;
  return receipt.substr(start, receipt.find('\n', start) - start);
}

TEST_CASE("price receipt: a tax-inclusive amount is not called net") {
  std::string header = HeaderLine(Receipt("inclusive"));
  INFO(header);
  CHECK(header.find("discounted") != std::string::npos);
  CHECK(header.find("net") == std::string::npos);
}

TEST_CASE("price receipt: no discount is 0.00, never -0.00") {
  std::string receipt = Receipt("inclusive");
  INFO(receipt);
  CHECK(receipt.find("discount 0.00") != std::string::npos);
  CHECK(receipt.find("-0.00") == std::string::npos);
}

TEST_CASE("price receipt: with tax added on top the amount before tax is net") {
  std::string header = HeaderLine(Receipt("exclusive"));
  INFO(header);
  CHECK(header.find("net") != std::string::npos);
  CHECK(header.find("discounted") == std::string::npos);
}

}  // namespace
