#include "tools/runbook/lua_value.h"

#include <lua.h>

#include <cmath>
#include <map>

#include "common/json_writer.h"

namespace evt::runbook {
namespace {

constexpr int kMaxDepth = 64;

Result<Value> Read(lua_State* L, int index, int depth, const std::string& where);

Status Refuse(const std::string& where, const std::string& what) {
  return Status::DataErr("at " + (where.empty() ? std::string("/") : where) + ": " + what);
}

// The length n when the table's keys are exactly the integers 1..n, else 0.
lua_Integer SequenceLength(lua_State* L, int index) {
  lua_Integer count = 0;
  lua_Integer max = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return 0;
    }
    lua_Integer key = lua_tointeger(L, -1);
    if (key < 1) {
      lua_pop(L, 1);
      return 0;
    }
    ++count;
    if (key > max) max = key;
  }
  return count == max ? max : 0;
}

Result<Value> ReadTable(lua_State* L, int index, int depth, const std::string& where) {
  if (depth > kMaxDepth) return Refuse(where, "tables nested deeper than 64 (a cycle?)");
  lua_Integer length = SequenceLength(L, index);
  if (length > 0) {
    Array items;
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L, index, i);
      Result<Value> item = Read(L, lua_gettop(L), depth + 1, where + "/" + std::to_string(i - 1));
      lua_pop(L, 1);
      if (!item.ok()) return item.status();
      items.push_back(std::move(*item));
    }
    return Value(std::move(items));
  }
  // Keys sorted, so the same table always encodes the same way.
  std::map<std::string, Value> members;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return Refuse(where, "a table with both list items and named keys, or non-string keys, cannot become JSON");
    }
    std::string key = lua_tostring(L, -2);
    Result<Value> value = Read(L, lua_gettop(L), depth + 1, where + JsonPointerToken(key));
    lua_pop(L, 1);
    if (!value.ok()) {
      lua_pop(L, 1);
      return value.status();
    }
    members.emplace(std::move(key), std::move(*value));
  }
  Object object;
  for (auto& [key, value] : members) object.emplace_back(key, std::move(value));
  return Value(std::move(object));
}

Result<Value> Read(lua_State* L, int index, int depth, const std::string& where) {
  switch (lua_type(L, index)) {
    case LUA_TNIL:
    case LUA_TNONE:
      return Value();
    case LUA_TBOOLEAN:
      return Value(lua_toboolean(L, index) != 0);
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return Value(static_cast<std::int64_t>(lua_tointeger(L, index)));
      if (!std::isfinite(lua_tonumber(L, index))) return Refuse(where, "NaN and infinity cannot become JSON");
      return Value(static_cast<double>(lua_tonumber(L, index)));
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* s = lua_tolstring(L, index, &size);
      return Value(std::string(s, size));
    }
    case LUA_TTABLE:
      return ReadTable(L, index, depth, where);
    default:
      return Refuse(where, std::string("a ") + lua_typename(L, lua_type(L, index)) + " cannot become JSON");
  }
}

}  // namespace

void PushValue(lua_State* L, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      lua_pushnil(L);
      return;
    case Value::Type::kBool:
      lua_pushboolean(L, v.as_bool());
      return;
    case Value::Type::kInt:
      lua_pushinteger(L, static_cast<lua_Integer>(v.as_int()));
      return;
    case Value::Type::kUint:
    case Value::Type::kDouble:
      lua_pushnumber(L, v.as_double());
      return;
    case Value::Type::kString:
      lua_pushlstring(L, v.as_string().data(), v.as_string().size());
      return;
    case Value::Type::kArray: {
      const Array& items = v.as_array();
      lua_createtable(L, static_cast<int>(items.size()), 0);
      for (std::size_t i = 0; i < items.size(); ++i) {
        PushValue(L, items[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      }
      return;
    }
    case Value::Type::kObject: {
      const Object& members = v.as_object();
      lua_createtable(L, 0, static_cast<int>(members.size()));
      for (const auto& [key, value] : members) {
        lua_pushlstring(L, key.data(), key.size());
        PushValue(L, value);
        lua_rawset(L, -3);
      }
      return;
    }
  }
}

Result<Value> ToValue(lua_State* L, int index) {
  return Read(L, lua_absindex(L, index), 0, "");
}

}  // namespace evt::runbook
