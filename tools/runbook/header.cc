#include "tools/runbook/header.h"

#include <lua.h>

#include <algorithm>
#include <set>

namespace evt::runbook {
namespace {

Status Bad(const std::string& where, const std::string& field, const std::string& what) {
  return Status::DataErr(where + ": header: " + field + ": " + what);
}

std::string TypeAt(lua_State* L, int index) { return lua_typename(L, lua_type(L, index)); }

// t[key] without metamethods: a header is plain data, and no Lua code may
// run while it is read. REQUIRES: index is absolute.
int RawField(lua_State* L, int index, const char* key) {
  lua_pushstring(L, key);
  return lua_rawget(L, index);
}

Status CheckKnownKeys(lua_State* L, int index, const std::set<std::string>& known, const std::string& where,
                      const std::string& prefix) {
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    std::string key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(" + TypeAt(L, -1) + " key)";
    if (!known.contains(key)) {
      lua_pop(L, 1);
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      return Bad(where, prefix + key, "unknown field (known: " + list + ")");
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> OptionalString(lua_State* L, int index, const char* key, const std::string& where,
                                                  const std::string& prefix) {
  int type = RawField(L, index, key);
  std::optional<std::string> out;
  if (type == LUA_TSTRING) {
    out = lua_tostring(L, -1);
  } else if (type != LUA_TNIL) {
    std::string got = TypeAt(L, -1);
    lua_pop(L, 1);
    return Bad(where, prefix + key, "expected a string, got a " + got);
  }
  lua_pop(L, 1);
  return out;
}

Result<bool> OptionalBool(lua_State* L, int index, const char* key, const std::string& where,
                          const std::string& prefix) {
  int type = RawField(L, index, key);
  bool out = false;
  if (type == LUA_TBOOLEAN) {
    out = lua_toboolean(L, -1) != 0;
  } else if (type != LUA_TNIL) {
    std::string got = TypeAt(L, -1);
    lua_pop(L, 1);
    return Bad(where, prefix + key, "expected true or false, got a " + got);
  }
  lua_pop(L, 1);
  return out;
}

Result<ParamSpec> ReadParam(lua_State* L, int index, const std::string& name, const std::string& where) {
  std::string prefix = "params." + name + ".";
  if (!lua_istable(L, index)) return Bad(where, "params." + name, "expected a table, got a " + TypeAt(L, index));
  EVT_RETURN_IF_ERROR(CheckKnownKeys(L, index, {"description", "default", "required", "secret"}, where, prefix));
  ParamSpec param;
  param.name = name;
  Result<std::optional<std::string>> description = OptionalString(L, index, "description", where, prefix);
  if (!description.ok()) return description.status();
  param.description = description->value_or("");
  int type = RawField(L, index, "default");
  if (type == LUA_TSTRING || type == LUA_TNUMBER) {
    param.default_value = lua_tostring(L, -1);
  } else if (type == LUA_TBOOLEAN) {
    param.default_value = lua_toboolean(L, -1) ? "true" : "false";
  } else if (type != LUA_TNIL) {
    std::string got = TypeAt(L, -1);
    lua_pop(L, 1);
    return Bad(where, prefix + "default", "expected a string, number or boolean, got a " + got);
  }
  lua_pop(L, 1);
  Result<bool> required = OptionalBool(L, index, "required", where, prefix);
  if (!required.ok()) return required.status();
  param.required = *required;
  Result<bool> secret = OptionalBool(L, index, "secret", where, prefix);
  if (!secret.ok()) return secret.status();
  param.secret = *secret;
  return param;
}

// Pushes the header's table `field` and says true; says false, pushing
// nothing, when the header has no such field; refuses any other type.
Result<bool> PushOptionalTable(lua_State* L, int index, const char* field, const std::string& where,
                               const std::string& expected) {
  int type = RawField(L, index, field);
  if (type == LUA_TTABLE) return true;
  std::string got = TypeAt(L, -1);
  lua_pop(L, 1);
  if (type == LUA_TNIL) return false;
  return Bad(where, field, "expected " + expected + ", got a " + got);
}

Status ReadParams(lua_State* L, int index, const std::string& where, RunbookHeader& header) {
  EVT_ASSIGN_OR_RETURN(bool present, PushOptionalTable(L, index, "params", where, "a table of name = {description = ...}"));
  if (!present) return Status::Ok();
  int params = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, params) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 3);
      return Bad(where, "params", "expected names as keys");
    }
    Result<ParamSpec> param = ReadParam(L, lua_gettop(L), lua_tostring(L, -2), where);
    lua_pop(L, 1);
    if (!param.ok()) {
      lua_pop(L, 2);
      return param.status();
    }
    header.params.push_back(std::move(*param));
  }
  lua_pop(L, 1);
  std::sort(header.params.begin(), header.params.end(),
            [](const ParamSpec& a, const ParamSpec& b) { return a.name < b.name; });
  return Status::Ok();
}

Status ReadMutates(lua_State* L, int index, const std::string& where, RunbookHeader& header) {
  EVT_ASSIGN_OR_RETURN(bool present, PushOptionalTable(L, index, "mutates", where, "a list of strings"));
  if (!present) return Status::Ok();
  lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
      lua_pop(L, 2);
      return Bad(where, "mutates", "item " + std::to_string(i) + ": expected a string");
    }
    header.mutates.push_back(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return Status::Ok();
}

}  // namespace

Result<RunbookHeader> ReadHeader(lua_State* L, int index, const std::string& where) {
  index = lua_absindex(L, index);
  if (!lua_istable(L, index)) {
    return Status::DataErr(where + ": expected the runbook to return its header table "
                                   "(return { description = ..., run = function() ... end }), got a " +
                           TypeAt(L, index));
  }
  EVT_RETURN_IF_ERROR(CheckKnownKeys(L, index, {"description", "params", "mutates", "lock", "run"}, where, ""));
  RunbookHeader header;
  Result<std::optional<std::string>> description = OptionalString(L, index, "description", where, "");
  if (!description.ok()) return description.status();
  if (!*description || (*description)->empty()) return Bad(where, "description", "missing: say what the runbook does");
  header.description = **description;
  EVT_RETURN_IF_ERROR(ReadParams(L, index, where, header));
  EVT_RETURN_IF_ERROR(ReadMutates(L, index, where, header));
  Result<std::optional<std::string>> lock = OptionalString(L, index, "lock", where, "");
  if (!lock.ok()) return lock.status();
  header.lock = *lock;
  if (RawField(L, index, "run") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return Bad(where, "run", "missing: expected run = function() ... end");
  }
  lua_pop(L, 1);
  return header;
}

Value HeaderFields(const RunbookHeader& header) {
  Value params = Value::array();
  for (const ParamSpec& p : header.params) {
    Value param = Value::object({{"name", p.name}, {"description", p.description}});
    if (p.default_value && !p.secret) param.set("default", *p.default_value);
    param.set("required", p.required);
    param.set("secret", p.secret);
    params.push_back(std::move(param));
  }
  Value mutates = Value::array();
  for (const std::string& m : header.mutates) mutates.push_back(m);
  Value out = Value::object({{"description", header.description}, {"params", std::move(params)},
                             {"mutates", std::move(mutates)}});
  if (header.lock) out.set("lock", *header.lock);
  return out;
}

}  // namespace evt::runbook
