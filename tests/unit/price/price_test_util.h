// Helpers for the price engine's tests: an engine from JSON text.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/price/cart.h"
#include "tools/price/catalog.h"
#include "tools/price/engine.h"
#include "tools/price/promotion_parse.h"

namespace evt::price::testing {

inline const TimePoint kNoon = std::chrono::sys_days{std::chrono::year{2026} / 12 / 5} + std::chrono::hours{12};

inline Value Json(const std::string& text) {
  Result<Value> v = ParseJson(text, "test");
  REQUIRE(v.ok());
  return *v;
}

inline PriceEngine EngineFrom(const Value& catalog, const Value& promotions) {
  Result<Catalog> c = ParseCatalog(catalog, "catalog.json");
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  Result<std::vector<Promotion>> p = ParsePromotions(promotions, "promotions.json", "UTC");
  INFO(p.status().ToString());
  REQUIRE(p.ok());
  return PriceEngine::Build(std::move(*c), std::move(*p));
}

inline PriceEngine EngineFromText(const std::string& catalog, const std::string& promotions) {
  return EngineFrom(Json(catalog), Json(promotions));
}

inline Quote PriceOk(const PriceEngine& engine, const std::string& cart_json, const PriceOptions& options = {}) {
  Result<Cart> cart = ParseCart(Json(cart_json));
  INFO(cart.status().ToString());
  REQUIRE(cart.ok());
  Result<Quote> quote = engine.Price(*cart, kNoon, options);
  INFO(quote.status().ToString());
  REQUIRE(quote.ok());
  return *quote;
}

}  // namespace evt::price::testing
