#include "tools/price/lua_rules.h"

#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "common/lua/bounded_strlib.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace evt::price {

namespace {

struct Rule {
  int condition = LUA_NOREF;  // LUA_NOREF: always met
  int amount = LUA_NOREF;
  int env = LUA_NOREF;
};

enum class Limit { kNone, kInstructions, kSteps, kMemory };

std::string LimitMessage(Limit limit) {
  switch (limit) {
    case Limit::kInstructions: return "more than " + std::to_string(kInstructionLimit) + " instructions";
    case Limit::kSteps: return "more than " + std::to_string(kPatternStepLimit) + " pattern-matching steps";
    case Limit::kMemory: return "more than " + std::to_string(kMemoryLimit / 1024) + " KiB of memory";
    case Limit::kNone: break;
  }
  return "no limit";
}

// What a rule may call. Everything else of the standard library stays out.
constexpr const char* kBaseFunctions[] = {"assert", "error",    "ipairs", "next",     "pairs",  "rawequal",
                                          "rawget", "rawlen",   "select", "tonumber", "tostring", "type"};
constexpr const char* kLibraries[] = {"string", "table", "math", "utf8"};
constexpr const char* kLeftOut[] = {"dump", "random", "randomseed"};  // bytecode; nondeterminism

}  // namespace

struct LuaRules::Impl {
  lua_State* L = nullptr;
  std::int64_t steps = 0;  // of string.find & co in this call
  std::size_t used = 0;
  std::size_t limit = kMemoryLimit;
  Limit hit = Limit::kNone;  // the first limit this call went past
  std::unordered_map<std::size_t, Rule> rules;
  std::map<std::size_t, LuaRules::Failures> failures;

  ~Impl() {
    if (L) lua_close(L);
  }

  static void* Allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
    auto* impl = static_cast<Impl*>(ud);
    std::size_t old_bytes = ptr ? old_size : 0;
    if (new_size == 0) {
      std::free(ptr);
      impl->used -= old_bytes;
      return nullptr;
    }
    if (new_size > old_bytes && impl->used - old_bytes + new_size > impl->limit) return nullptr;
    void* grown = std::realloc(ptr, new_size);
    if (!grown) return nullptr;
    impl->used = impl->used - old_bytes + new_size;
    return grown;
  }

  // Past the limit the hook fires on every instruction, so no rule code
  // runs on, whatever it does with the error.
  static void Hook(lua_State* L, lua_Debug*) {
    void* ud = nullptr;
    lua_getallocf(L, &ud);
    auto* impl = static_cast<Impl*>(ud);
    impl->Hit(Limit::kInstructions);
    lua_sethook(L, &Impl::Hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "more than %d instructions", kInstructionLimit);
  }

  void Hit(Limit limit) {
    if (hit == Limit::kNone) hit = limit;
  }

  static Impl& Of(lua_State* L) {
    void* ud = nullptr;
    lua_getallocf(L, &ud);
    return *static_cast<Impl*>(ud);
  }

  static bool ChargeSteps(lua_State* L, std::int64_t steps) {
    Impl& impl = Of(L);
    impl.steps += steps;
    return impl.steps <= kPatternStepLimit;
  }

  static void RaiseStepLimit(lua_State* L) {
    Of(L).Hit(Limit::kSteps);
    luaL_error(L, "more than %d pattern-matching steps", static_cast<int>(kPatternStepLimit));
  }

  // A table with the allowed part of library `name` (copied, so a rule
  // that changes it changes only its own).
  void PushLibraryCopy(const char* name) {
    lua_newtable(L);
    lua_getglobal(L, name);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
      bool keep = true;
      if (lua_type(L, -2) == LUA_TSTRING) {
        for (const char* out : kLeftOut) keep = keep && std::string_view(lua_tostring(L, -2)) != out;
      }
      if (keep) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -5);
      } else {
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }

  int NewEnvironment() {
    lua_newtable(L);
    for (const char* f : kBaseFunctions) {
      lua_getglobal(L, f);
      lua_setfield(L, -2, f);
    }
    for (const char* lib : kLibraries) {
      PushLibraryCopy(lib);
      lua_setfield(L, -2, lib);
    }
    // Read-only globals: a rule keeps nothing from one cart to the next.
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &Impl::RefuseGlobal);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -2);
    return luaL_ref(L, LUA_REGISTRYINDEX);
  }

  int Compile(const std::string& source, const std::string& name, int env) {
    if (luaL_loadbufferx(L, source.data(), source.size(), ("=" + name).c_str(), "t") != LUA_OK) {
      lua_pop(L, 1);
      return LUA_NOREF;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, env);
    lua_setupvalue(L, -2, 1);  // _ENV
    return luaL_ref(L, LUA_REGISTRYINDEX);
  }

  static int RefuseGlobal(lua_State* L) {
    return luaL_error(L, "cannot set global \"%s\": globals are read-only (use local)", luaL_tolstring(L, 2, nullptr));
  }

  static void PushStrings(lua_State* L, const std::vector<std::string>& strings) {
    lua_createtable(L, static_cast<int>(strings.size()), 0);
    for (std::size_t i = 0; i < strings.size(); ++i) {
      lua_pushlstring(L, strings[i].data(), strings[i].size());
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
  }

  // Builds the cart table; runs in protected mode (it allocates).
  static int PushCart(lua_State* L) {
    const auto* cart = static_cast<const LuaCart*>(lua_touserdata(L, 1));
    lua_createtable(L, 0, 8);
    lua_pushstring(L, cart->id->c_str());
    lua_setfield(L, -2, "id");
    if (!cart->customer->empty()) {
      lua_pushstring(L, cart->customer->c_str());
      lua_setfield(L, -2, "customer");
    }
    PushStrings(L, *cart->segments);
    lua_setfield(L, -2, "segments");
    PushStrings(L, *cart->codes);
    lua_setfield(L, -2, "codes");
    lua_createtable(L, static_cast<int>(cart->lines.size()), 0);
    Money subtotal = 0;
    std::int64_t qty = 0;
    for (std::size_t i = 0; i < cart->lines.size(); ++i) {
      const LuaCartLine& line = cart->lines[i];
      lua_createtable(L, 0, 5);
      lua_pushstring(L, line.sku->c_str());
      lua_setfield(L, -2, "sku");
      PushStrings(L, *line.tags);
      lua_setfield(L, -2, "tags");
      lua_pushinteger(L, line.qty);
      lua_setfield(L, -2, "qty");
      lua_pushinteger(L, line.unit_price);
      lua_setfield(L, -2, "unit_price");
      lua_pushinteger(L, line.amount);
      lua_setfield(L, -2, "amount");
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      subtotal += line.amount;
      qty += line.qty;
    }
    lua_setfield(L, -2, "lines");
    lua_pushinteger(L, subtotal);
    lua_setfield(L, -2, "subtotal");
    lua_pushinteger(L, qty);
    lua_setfield(L, -2, "qty");
    return 1;
  }

  // Calls chunk `ref` (the rule's `part`) with `cart` in its environment;
  // leaves one result, or says in `out` why not.
  bool Call(int ref, int env, const char* part, RuleOutcome& out) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, env);
    lua_pushliteral(L, "cart");
    lua_pushvalue(L, -3);  // the cart
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    hit = Limit::kNone;
    steps = 0;
    lua_sethook(L, &Impl::Hook, LUA_MASKCOUNT, kInstructionLimit);
    int status = lua_pcall(L, 0, 1, 0);
    lua_sethook(L, nullptr, 0, 0);
    if (status == LUA_OK) return true;
    if (status == LUA_ERRMEM) Hit(Limit::kMemory);
    if (hit != Limit::kNone) {
      out.result = RuleOutcome::Result::kOverLimit;
      out.error = std::string(part) + ": " + LimitMessage(hit);
    } else {
      const char* message = lua_tostring(L, -1);
      out.error = message ? message : "an error that is not a string";
    }
    lua_pop(L, 1);
    return false;
  }

  RuleOutcome Run(const Rule& rule, const LuaCart& cart) {
    RuleOutcome out;
    lua_pushcfunction(L, &Impl::PushCart);
    lua_pushlightuserdata(L, const_cast<LuaCart*>(&cart));
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
      out.result = RuleOutcome::Result::kOverLimit;
      out.error = "the cart: " + LimitMessage(Limit::kMemory);
      lua_pop(L, 1);
      return out;
    }
    if (rule.condition != LUA_NOREF) {
      if (!Call(rule.condition, rule.env, "condition", out)) return Done(out, 1);
      bool met = lua_toboolean(L, -1);
      lua_pop(L, 1);
      if (!met) {
        out.result = RuleOutcome::Result::kNotMet;
        return Done(out, 1);
      }
    }
    if (!Call(rule.amount, rule.env, "amount", out)) return Done(out, 1);
    std::optional<lua_Integer> amount = IntegerResult();
    if (!amount) {
      out.error = std::string("amount: expected an integer amount in minor units >= 0, got ") +
                  (lua_type(L, -1) == LUA_TNUMBER ? std::to_string(lua_tonumber(L, -1)) : luaL_typename(L, -1));
      return Done(out, 2);
    }
    if (*amount < 0) {
      out.error = "amount: expected an integer amount in minor units >= 0, got " + std::to_string(*amount);
      return Done(out, 2);
    }
    out.result = RuleOutcome::Result::kAmount;
    out.amount = *amount;
    return Done(out, 2);
  }

  // The result on top as an integer: a Lua integer, or a float with no
  // fraction (10 // 1 is an integer, 2500 * 0.1 a float).
  std::optional<lua_Integer> IntegerResult() {
    if (lua_isinteger(L, -1)) return lua_tointeger(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER) return std::nullopt;
    lua_Number n = lua_tonumber(L, -1);
    lua_Integer i = 0;
    if (n != std::floor(n) || !lua_numbertointeger(n, &i)) return std::nullopt;
    return i;
  }

  // Pops what Run left and keeps the garbage of many carts from adding up
  // to the memory limit.
  RuleOutcome& Done(RuleOutcome& out, int pop) {
    lua_pop(L, pop);
    if (used > limit / 2) lua_gc(L, LUA_GCCOLLECT);
    return out;
  }
};

std::optional<std::string> LuaSyntaxError(const std::string& source, const std::string& name) {
  lua_State* L = luaL_newstate();
  if (!L) return std::string("no memory for a Lua state");
  std::optional<std::string> error;
  if (luaL_loadbufferx(L, source.data(), source.size(), ("=" + name).c_str(), "t") != LUA_OK) {
    const char* message = lua_tostring(L, -1);
    error = message ? message : "does not compile";
  }
  lua_close(L);
  return error;
}

LuaRules::LuaRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LuaRules::~LuaRules() = default;

std::unique_ptr<LuaRules> LuaRules::Create(const std::vector<Promotion>& promotions) {
  auto impl = std::make_unique<Impl>();
  impl->limit = SIZE_MAX;  // the libraries first, then the limit for the rules
  impl->L = lua_newstate(&Impl::Allocate, impl.get());
  if (!impl->L) return nullptr;
  lua_State* L = impl->L;
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L, 0);
  // In the libraries themselves, not only in each rule's copy: a string's
  // methods ("x"):find() come from the string library's own table.
  static const lua::StrlibLimits kLimits{&Impl::ChargeSteps, &Impl::RaiseStepLimit};
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_getglobal(L, LUA_TABLIBNAME);
  lua::InstallBoundedStrlib(L, -2, -1, &kLimits);
  lua_settop(L, 0);
  for (std::size_t i = 0; i < promotions.size(); ++i) {
    const Promotion& p = promotions[i];
    if (p.kind != PromotionKind::kLua) continue;
    Rule rule;
    rule.env = impl->NewEnvironment();
    if (!p.lua_condition.empty()) rule.condition = impl->Compile(p.lua_condition, p.id + ": condition", rule.env);
    rule.amount = impl->Compile(p.lua_amount, p.id + ": amount", rule.env);
    impl->rules.emplace(i, rule);
  }
  impl->limit = impl->used + kMemoryLimit;
  return std::unique_ptr<LuaRules>(new LuaRules(std::move(impl)));
}

RuleOutcome LuaRules::Evaluate(std::size_t index, const LuaCart& cart) {
  auto it = impl_->rules.find(index);
  RuleOutcome outcome = it == impl_->rules.end() || it->second.amount == LUA_NOREF
                            ? RuleOutcome{RuleOutcome::Result::kFailed, 0, "the rule did not compile"}
                            : impl_->Run(it->second, cart);
  if (outcome.result == RuleOutcome::Result::kFailed) {
    Failures& f = impl_->failures[index];
    if (f.count++ == 0) {
      f.promotion = index;
      f.first_error = outcome.error;
    }
  }
  return outcome;
}

std::vector<LuaRules::Failures> LuaRules::failures() const {
  std::vector<Failures> out;
  for (const auto& [index, f] : impl_->failures) out.push_back(f);
  return out;
}

}  // namespace evt::price
