// The bounded string functions (common/lua/bounded_strlib.h) against Lua's
// own: the same results and errors on random subjects and patterns, and a
// stop when the budget says so where Lua's would run for minutes.
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "common/lua/bounded_strlib.h"

namespace {

std::int64_t g_charged = 0;
std::int64_t g_budget = 0;

bool Charge(lua_State*, std::int64_t steps) {
  g_charged += steps;
  return g_budget == 0 || g_charged <= g_budget;
}
void Raise(lua_State* L) { luaL_error(L, "over budget"); }
const evt::lua::StrlibLimits kLimits{Charge, Raise};

// Runs `args` through each function and prints every result, errors included.
const char* const kHarness = R"lua(
local s, p, init, repl = ...
local function show(ok, ...)
  local out = {tostring(ok)}
  for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end
local function all()
  local out = {}
  for a, b in string.gmatch(s, p, init) do
    out[#out + 1] = tostring(a) .. ":" .. tostring(b)
    if #out > 40 then break end
  end
  return table.concat(out, ";")
end
local function fn(a, b) if a == "a" then return nil end return "<" .. tostring(a) .. tostring(b) .. ">" end
return table.concat({
  show(pcall(string.find, s, p, init)),
  show(pcall(string.match, s, p, init)),
  show(pcall(all)),
  show(pcall(string.gsub, s, p, repl)),
  show(pcall(string.gsub, s, p, fn, 3)),
  show(pcall(string.gsub, s, p, {a = "A", [""] = false})),
  show(pcall(table.concat, {s, p, 1, 2.5}, "|")),
}, "\n")
)lua";

struct State {
  lua_State* L = luaL_newstate();
  explicit State(bool bounded) {
    luaL_openlibs(L);
    if (!bounded) return;
    lua_getglobal(L, "string");
    lua_getglobal(L, "table");
    evt::lua::InstallBoundedStrlib(L, -2, -1, &kLimits);
    lua_pop(L, 2);
  }
  ~State() { lua_close(L); }
  std::string Run(const std::string& s, const std::string& p, int init, const std::string& repl) {
    REQUIRE(luaL_loadstring(L, kHarness) == LUA_OK);
    lua_pushlstring(L, s.data(), s.size());
    lua_pushlstring(L, p.data(), p.size());
    lua_pushinteger(L, init);
    lua_pushlstring(L, repl.data(), repl.size());
    if (lua_pcall(L, 4, 1, 0) != LUA_OK) return std::string("harness error: ") + lua_tostring(L, -1);
    std::string out = lua_tostring(L, -1);
    lua_pop(L, 1);
    return out;
  }
};

std::uint32_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                                      : std::random_device{}();
  std::cout << "runbook_pattern_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  return seed;
}

std::string Pick(std::mt19937& rng, const std::vector<std::string>& from, int max_items) {
  std::string out;
  int n = std::uniform_int_distribution<int>(0, max_items)(rng);
  for (int i = 0; i < n; ++i) out += from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  return out;
}

}  // namespace

TEST_CASE("bounded string functions: the same results and errors as Lua's", "[runbook][pattern]") {
  const std::vector<std::string> subject_parts = {"a", "b", "ab", "(", ")", "[", "]", "%", " ", "1", "x", "^", "$",
                                                  ".", "-", std::string(1, '\0'), "\xe9"};
  const std::vector<std::string> pattern_parts = {
      "a", "b", ".", "%a", "%d", "%s", "%W", "%x", "[ab]", "[^a]", "[a-c]", "[%a%d]", "[]", "[", "]", "*", "+",
      "-", "?", "(", ")", "()", "%1", "%2", "%0", "%b()", "%bab", "%f[%w]", "%f[^a]", "%f", "^", "$", "%", "%%",
      "[%]]", "[a-]", std::string(1, '\0')};
  const std::vector<std::string> repls = {"<%0>", "%1-%1", "%%", "%2", "%", "%x", "x", ""};
  g_budget = 0;
  State lua(false);
  State bounded(true);
  std::mt19937 rng(Seed());
  for (int i = 0; i < 20000; ++i) {
    std::string s = Pick(rng, subject_parts, 10);
    std::string p = Pick(rng, pattern_parts, 7);
    int init = std::uniform_int_distribution<int>(-4, 6)(rng);
    std::string repl = repls[std::uniform_int_distribution<std::size_t>(0, repls.size() - 1)(rng)];
    std::string expected = lua.Run(s, p, init, repl);
    std::string got = bounded.Run(s, p, init, repl);
    if (got != expected) {
      INFO("subject \"" << s << "\" pattern \"" << p << "\" init " << init << " repl \"" << repl << "\"");
      REQUIRE(got == expected);
    }
  }
}

TEST_CASE("bounded string functions: a backtracking pattern stops when the budget says so", "[runbook][pattern]") {
  State bounded(true);
  auto start = std::chrono::steady_clock::now();
  for (const char* call : {"string.find(string.rep('a', 500), '.-.-.-b')", "string.match(string.rep('a', 500), '.-.-.-b')",
                           "string.gsub(string.rep('a', 500), '.-.-.-b', '')",
                           "for x in string.gmatch(string.rep('a', 500), '.-.-.-b') do end",
                           "string.find(string.rep('(', 5e5), '%b()')",
                           "local t = setmetatable({}, {__index = getmetatable, __metatable = ''})\n"
                           "table.concat(t, '', 1, 1e15)"}) {
    INFO(call);
    g_charged = 0;
    g_budget = 1'000'000;
    int status = luaL_dostring(bounded.L, call);
    REQUIRE(status != LUA_OK);
    CHECK(std::string(lua_tostring(bounded.L, -1)).find("over budget") != std::string::npos);
    lua_pop(bounded.L, 1);
    CHECK(g_charged > g_budget);
  }
  g_budget = 0;
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("bounded string functions: charge what they do, even within budget", "[runbook][pattern]") {
  State bounded(true);
  g_charged = 0;
  g_budget = 0;
  REQUIRE(luaL_dostring(bounded.L, "assert(string.find(string.rep('a', 100), 'a-b') == nil)") == LUA_OK);
  CHECK(g_charged > 100);
}
