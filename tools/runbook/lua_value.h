// Moving data between evt::Value (records, config, JSON) and Lua tables.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"

struct lua_State;

namespace evt::runbook {

// Pushes `v`: null as nil, integers as Lua integers, arrays as sequences
// from 1, objects as tables with string keys.
void PushValue(lua_State* L, const Value& v);

// Reads the Lua value at `index`: nil as null, a table whose keys are
// exactly 1..n (n > 0) as an array, any other table with string keys as an
// object (an empty table is an object). Functions, userdata, NaN, tables
// nested deeper than 64 (cycles) and mixed keys are DataErr naming where
// ("at /a/2: a function cannot become JSON").
Result<Value> ToValue(lua_State* L, int index);

}  // namespace evt::runbook
