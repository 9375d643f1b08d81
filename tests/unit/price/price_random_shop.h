// Random catalogs, promotions and carts from a seed, for the property
// tests and the test that the fast quote writer matches the Value one.
#pragma once

#include <random>
#include <string>

#include "common/value.h"

namespace evt::price::testing {

class RandomShop {
 public:
  explicit RandomShop(std::uint32_t seed) : rng_(seed) {}

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Value Catalog() {
    Value items = Value::array();
    for (int i = 0; i < kItems; ++i) {
      items.push_back(Value::object({{"sku", Sku(i)},
                                     {"price", Pick(0, 3) == 0 ? Pick(0, 99) : Pick(100, 50000)},
                                     {"tags", Value::array({Tag(i % 4)})},
                                     {"tax_class", Pick(0, 1) ? "standard" : "reduced"}}));
    }
    const char* mode = Pick(0, 1) ? "inclusive" : "exclusive";
    return Value::object({{"currency", "EUR"},
                          {"tax", Value::object({{"mode", mode},
                                                 {"rates", Value::object({{"standard", 0.19}, {"reduced", 0.07}})}})},
                          {"items", std::move(items)}});
  }

  Value Promotions() {
    Value list = Value::array();
    int n = Pick(1, 8);
    for (int i = 0; i < n; ++i) list.push_back(Promotion(i));
    return Value::object({{"promotions", std::move(list)}});
  }

  std::string Cart() {
    std::string lines;
    int n = Pick(1, 12);
    for (int i = 0; i < n; ++i) {
      if (i) lines += ",";
      lines += "{\"sku\":\"" + Sku(Pick(0, kItems - 1)) + "\",\"qty\":" + std::to_string(Pick(1, 9)) + "}";
    }
    return "{\"id\":\"r\",\"codes\":[\"C1\"],\"segments\":[\"vip\"],\"lines\":[" + lines + "]}";
  }

  std::mt19937& rng() { return rng_; }

 private:
  static constexpr int kItems = 12;
  static std::string Sku(int i) { return "S" + std::to_string(i); }
  static std::string Tag(int i) { return "t" + std::to_string(i); }

  Value Target() {
    switch (Pick(0, 2)) {
      case 0: return Value::object({{"skus", Value::array({Sku(Pick(0, kItems - 1)), Sku(Pick(0, kItems - 1))})}});
      case 1: return Value::object({{"tags", Value::array({Tag(Pick(0, 3))})}});
      default: return Value();
    }
  }

  Value Promotion(int i) {
    Value p = Value::object({{"id", "p" + std::to_string(i)}, {"priority", Pick(0, 3)}});
    Value target = Target();
    int kind = Pick(0, 7);
    if (kind != 4 && !target.is_null()) p.set("target", target);
    switch (kind) {
      case 0: p.set("kind", "percent_off"); p.set("percent", Pick(1, 1000) / 10.0); break;
      case 1: p.set("kind", "amount_off"); p.set("amount", Pick(1, 5000)); if (Pick(0, 1)) p.set("allocation", "across"); break;
      case 2: p.set("kind", "fixed_price"); p.set("price", Pick(0, 3000)); break;
      case 3:
        p.set("kind", "buy_x_get_y"); p.set("buy", Pick(1, 3)); p.set("get", Pick(1, 2));
        p.set("percent", Pick(1, 100)); if (Pick(0, 1)) p.set("choose", "most_expensive");
        break;
      case 4:
        p.set("kind", "bundle"); p.set("price", Pick(0, 20000));
        p.set("components", Value::array({Value::object({{"tags", Value::array({Tag(0)})}}),
                                          Value::object({{"tags", Value::array({Tag(1)})}})}));
        break;
      case 5:
        p.set("kind", "tiered");
        p.set("tiers", Value::array({Value::object({{"min_qty", 2}, {"percent", 5}}),
                                     Value::object({{"min_qty", 5}, {"amount", Pick(1, 500)}})}));
        break;
      case 6: p.set("kind", "cart_amount_off"); p.set("amount", Pick(1, 20000)); break;
      default: p.set("kind", "cart_percent_off"); p.set("percent", Pick(1, 100)); break;
    }
    if (Pick(0, 4) == 0) p.set("exclusive", true);
    if (Pick(0, 3) == 0) p.set("group", "g");
    if (Pick(0, 4) == 0) p.set("max_discount", Pick(0, 3000));
    if (Pick(0, 5) == 0) p.set("code", Pick(0, 1) ? "C1" : "C2");
    if (Pick(0, 5) == 0) p.set("min_subtotal", Pick(0, 20000));
    return p;
  }

  std::mt19937 rng_;
};

}  // namespace evt::price::testing
