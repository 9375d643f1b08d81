#include "tools/runbook/evt_api_support.h"

#include <regex>

namespace evt::runbook {

[[noreturn]] void Raise(lua_State*, const RunContext& ctx, const std::string& message) {
  throw LuaError{ctx.redactor.Apply(message)};
}

void ThrowIfTerminating(const RunContext& ctx) {
  if (ctx.sandbox->terminating()) throw LuaError{ctx.sandbox->limit_message()};
}

void RequireRun(lua_State* L, const RunContext& ctx, const char* what) {
  if (ctx.phase != Phase::kRun) {
    Raise(L, ctx, std::string(what) + " may only be called inside run(), not while the header is read");
  }
  ThrowIfTerminating(ctx);
}

void Audited(lua_State* L, RunContext& ctx, const Status& status) {
  if (status.ok()) return;
  if (ctx.fatal.ok()) ctx.fatal = status;
  ctx.sandbox->Abort("audit log: " + status.message());
  (void)L;
  ThrowIfTerminating(ctx);
}

std::string ArgString(lua_State* L, int index, const RunContext& ctx, const std::string& what) {
  int type = lua_type(L, index);
  if (type != LUA_TSTRING && type != LUA_TNUMBER) {
    Raise(L, ctx, what + ": expected a string, got a " + luaL_typename(L, index));
  }
  std::size_t size = 0;
  const char* s = lua_tolstring(L, index, &size);
  return std::string(s, size);
}

Duration DurationArg(lua_State* L, int index, const RunContext& ctx, const std::string& what) {
  if (lua_type(L, index) == LUA_TNUMBER) {
    double seconds = lua_tonumber(L, index);
    if (!(seconds >= 0) || seconds > 1e9) Raise(L, ctx, what + ": expected seconds >= 0");
    return Duration(static_cast<std::int64_t>(seconds * 1000));
  }
  if (lua_type(L, index) != LUA_TSTRING) {
    Raise(L, ctx, what + ": expected a duration such as \"500ms\" or \"2s\", or a number of seconds, got a " +
                      luaL_typename(L, index));
  }
  Result<Duration> d = ParseDuration(lua_tostring(L, index));
  if (!d.ok()) Raise(L, ctx, what + ": " + d.status().message());
  return *d;
}

std::vector<std::string> StringList(lua_State* L, int index, const RunContext& ctx, const std::string& what) {
  std::vector<std::string> out;
  if (lua_isnoneornil(L, index)) return out;
  if (!lua_istable(L, index)) Raise(L, ctx, what + ": expected a list of strings, got a " + luaL_typename(L, index));
  lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, index));
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, index, i);
    out.push_back(ArgString(L, -1, ctx, what + "[" + std::to_string(i) + "]"));
    lua_pop(L, 1);
  }
  return out;
}

int OptField(lua_State* L, int index, const char* key) {
  if (!lua_istable(L, index)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, index, key);
}

void CheckOptKeys(lua_State* L, int index, const RunContext& ctx, const std::string& what,
                  std::initializer_list<const char*> known) {
  if (lua_isnoneornil(L, index)) return;
  if (!lua_istable(L, index)) Raise(L, ctx, what + ": expected a table of options, got a " + luaL_typename(L, index));
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    std::string key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    bool found = false;
    std::string list;
    for (const char* k : known) {
      found = found || key == k;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!found) Raise(L, ctx, what + ": unknown option \"" + key + "\" (known: " + list + ")");
  }
}

bool IsEnvName(const std::string& name) {
  static const std::regex kEnvName("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(name, kEnvName);
}

std::optional<bool> OptBool(lua_State* L, int opts, const RunContext& ctx, const char* key, const std::string& what) {
  int type = OptField(L, opts, key);
  std::optional<bool> out;
  if (type == LUA_TBOOLEAN) {
    out = lua_toboolean(L, -1) != 0;
  } else if (type != LUA_TNIL) {
    Raise(L, ctx, what + ": " + key + ": expected true or false");
  }
  lua_pop(L, 1);
  return out;
}

std::optional<Duration> OptDuration(lua_State* L, int opts, const RunContext& ctx, const char* key,
                                    const std::string& what) {
  std::optional<Duration> out;
  if (OptField(L, opts, key) != LUA_TNIL) out = DurationArg(L, -1, ctx, what + ": " + key);
  lua_pop(L, 1);
  return out;
}

}  // namespace evt::runbook
