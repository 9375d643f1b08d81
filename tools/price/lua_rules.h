// Promotions of kind "lua": a condition and an amount written as small Lua
// 5.4 chunks over the cart, for the rule nobody foresaw:
//   {"id": "big-basket", "kind": "lua", "target": {"tags": ["apparel"]},
//    "condition": "return #cart.lines >= 3",
//    "amount": "return cart.subtotal // 10"}
// `cart` holds the cart's id, customer, segments, codes, and the target
// lines (sku, tags, qty, unit_price, amount left by earlier promotions), in
// sku order, with their subtotal and qty. The amount (an integer in minor
// units) is spread over the target lines like cart_amount_off.
//
// The sandbox: a Lua state of its own with only base functions that cannot
// reach outside (no io, os, require, load, dofile, print, pcall, string.dump,
// math.random: a rule is a pure function of the cart), each rule in its own
// environment, text chunks only (no bytecode); every call is limited to
// kInstructionLimit VM instructions (a count hook, uncatchable), its
// string.find/match/gmatch/gsub and table.concat calls to
// kPatternStepLimit steps (common/lua/bounded_strlib.h: no hook fires
// inside a C function, and Lua's own matcher can backtrack for minutes on
// a short string), and the state to kMemoryLimit bytes (a custom
// allocator). A rule that errors or returns something else than it should
// fails: the promotion is rejected as rule_failed and the cart is still
// priced. A rule past one of these limits is different: what it would have
// decided is unknown, so pricing the cart without it could be a wrong
// price, and the cart is an error instead (kOverLimit; --on-error decides).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/price/money.h"
#include "tools/price/promotion.h"

namespace evt::price {

inline constexpr int kInstructionLimit = 200'000;
inline constexpr std::int64_t kPatternStepLimit = 2'000'000;
inline constexpr std::size_t kMemoryLimit = 2 * 1024 * 1024;

struct LuaCartLine {
  const std::string* sku = nullptr;
  const std::vector<std::string>* tags = nullptr;
  std::int64_t qty = 0;
  Money unit_price = 0;
  Money amount = 0;  // left by earlier promotions
};

struct LuaCart {
  const std::string* id = nullptr;
  const std::string* customer = nullptr;
  const std::vector<std::string>* segments = nullptr;
  const std::vector<std::string>* codes = nullptr;
  std::vector<LuaCartLine> lines;
};

struct RuleOutcome {
  enum class Result { kAmount, kNotMet, kFailed, kOverLimit };
  Result result = Result::kFailed;
  Money amount = 0;
  // kFailed: the rule's error. kOverLimit: the chunk and the limit, from
  // the sandbox itself (a rule's own error() cannot pass for a limit), e.g.
  // "condition: more than 2000000 pattern-matching steps".
  std::string error;
};

// The syntax error in `source`, or nullopt when it compiles as a text chunk.
std::optional<std::string> LuaSyntaxError(const std::string& source, const std::string& name);

class LuaRules {
 public:
  // Compiles every lua promotion's chunks. REQUIRES: they passed
  // LuaSyntaxError (the promotions file was parsed).
  static std::unique_ptr<LuaRules> Create(const std::vector<Promotion>& promotions);
  ~LuaRules();
  LuaRules(const LuaRules&) = delete;
  LuaRules& operator=(const LuaRules&) = delete;

  // Runs promotion `index`'s condition, then its amount, on `cart`.
  RuleOutcome Evaluate(std::size_t index, const LuaCart& cart);

  // How often each rule failed so far (kFailed, not kOverLimit: that cart
  // is an error of its own), with its first error: the quote says
  // rule_failed, the operator needs to know why.
  struct Failures {
    std::size_t promotion = 0;
    std::size_t count = 0;
    std::string first_error;
  };
  std::vector<Failures> failures() const;

 private:
  struct Impl;
  explicit LuaRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace evt::price
