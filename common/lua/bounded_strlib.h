// string.find, match, gmatch, gsub and table.concat for a sandboxed Lua
// state, doing what Lua 5.4's do but under a budget: the pattern
// functions run pattern_match.h's matcher and table.concat charges per
// element. Lua's own versions are C loops that no instruction hook
// interrupts (a backtracking pattern, or concat over a table whose
// __index is a C function), so a runbook or a price rule could run past
// every limit inside one call.
#pragma once

#include <cstdint>

struct lua_State;

namespace evt::lua {

// What a tool's sandbox does with the work these functions do.
// REQUIRES: outlives every Lua state it is installed in (a static).
struct StrlibLimits {
  // Told of `steps` more units of work; false when the call must stop.
  bool (*charge)(lua_State* L, std::int64_t steps);
  // Raises the Lua error for a stop `charge` asked for; never returns.
  void (*raise)(lua_State* L);
};

// Sets find, match, gmatch and gsub of the table at `string_index`, and
// concat of the table at `table_index`, to the bounded versions; an index
// of 0 leaves that library alone.
void InstallBoundedStrlib(lua_State* L, int string_index, int table_index, const StrlibLimits* limits);

}  // namespace evt::lua
