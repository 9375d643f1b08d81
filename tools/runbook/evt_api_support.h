// What the `evt` table's functions share: the run they act for, how they
// raise a Lua error without skipping C++ destructors, the rules every call
// keeps (inside run() only, audited), and readers of their arguments that
// name the argument in what they raise.
#pragma once

#include <lauxlib.h>
#include <lua.h>

#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "tools/runbook/run_context.h"

namespace evt::runbook {

// The RunContext an `evt` function was registered with (its upvalue).
inline RunContext& Ctx(lua_State* L) { return *static_cast<RunContext*>(lua_touserdata(L, lua_upvalueindex(1))); }

// Lua raises errors with longjmp, which would skip the destructors of the
// C++ objects in these functions; so they throw this instead, and Guarded
// turns it into a Lua error once every C++ frame is gone.
struct LuaError {
  std::string message;
};

// Throws `message`, redacted, as the Lua error of the current call.
[[noreturn]] void Raise(lua_State* L, const RunContext& ctx, const std::string& message);

// Throws the run's limit message once a limit or a stop ends the run.
void ThrowIfTerminating(const RunContext& ctx);

// F as a Lua function: a LuaError or any other exception F throws becomes
// the Lua error, raised after F's frames are gone.
template <lua_CFunction F>
int Guarded(lua_State* L) {
  RunContext& ctx = Ctx(L);
  try {
    return F(L);
  } catch (LuaError& e) {
    ctx.raised = std::move(e.message);
  } catch (const std::exception& e) {
    ctx.raised = std::string("internal error: ") + e.what();
  }
  lua_pushlstring(L, ctx.raised.data(), ctx.raised.size());
  return lua_error(L);
}

// Raises unless the run's body is running (not while the header is read).
void RequireRun(lua_State* L, const RunContext& ctx, const char* what);

// A failed audit write ends the run in a way pcall cannot catch: a run
// that cannot be audited must not go on.
void Audited(lua_State* L, RunContext& ctx, const Status& status);

// Argument `index` as a string (a number is taken as its text).
std::string ArgString(lua_State* L, int index, const RunContext& ctx, const std::string& what);
// A duration as a runbook writes it: "500ms", "2s", or a number of seconds.
Duration DurationArg(lua_State* L, int index, const RunContext& ctx, const std::string& what);
// A list of strings; nil is the empty list.
std::vector<std::string> StringList(lua_State* L, int index, const RunContext& ctx, const std::string& what);

// Reads opts[key] (opts at `index`, may be nil) and leaves it on the stack;
// returns its Lua type.
int OptField(lua_State* L, int index, const char* key);
// Raises on a key of the options table (at `index`, may be nil) not in `known`.
void CheckOptKeys(lua_State* L, int index, const RunContext& ctx, const std::string& what,
                  std::initializer_list<const char*> known);
std::optional<bool> OptBool(lua_State* L, int opts, const RunContext& ctx, const char* key, const std::string& what);
std::optional<Duration> OptDuration(lua_State* L, int opts, const RunContext& ctx, const char* key,
                                    const std::string& what);

// A name an environment variable may have.
bool IsEnvName(const std::string& name);

}  // namespace evt::runbook
