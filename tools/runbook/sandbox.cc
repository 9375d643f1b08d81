#include "tools/runbook/sandbox.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/lua/bounded_strlib.h"
#include "common/messages.h"
#include "common/process_state.h"

namespace evt::runbook {
namespace {

// The hook runs every this many instructions until a limit is hit, then on
// every instruction.
constexpr int kHookEvery = 1000;
// Room left after the memory cap is hit, so the error can still be raised,
// caught and reported.
constexpr std::size_t kMemoryReserve = std::size_t{1} << 20;

// xpcall and setmetatable are replaced (SafeXpcall, SafeSetmetatable).
const char* const kBaseFunctions[] = {"assert",   "error", "ipairs",   "next",   "pairs",  "pcall",
                                      "select",   "tonumber", "tostring", "type", "rawequal", "rawlen",
                                      "rawget",   "getmetatable"};
const char* const kOsFunctions[] = {"time", "clock", "date"};

std::string MiB(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// __index of a read-only proxy: the value from the backing table, or an
// error naming what the sandbox does not have.
int ProxyIndex(lua_State* L) {
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  if (!lua_isnil(L, -1)) return 1;
  const char* prefix = lua_tostring(L, lua_upvalueindex(2));
  const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
  if (*prefix == '\0') {
    return luaL_error(L, "'%s' is not available in a runbook (sandbox: undefined global)", key);
  }
  return luaL_error(L, "'%s.%s' is not available in a runbook (sandbox)", prefix, key);
}

int ProxyNewIndex(lua_State* L) {
  const char* prefix = lua_tostring(L, lua_upvalueindex(1));
  const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
  if (*prefix == '\0') {
    return luaL_error(L, "cannot assign global '%s': a runbook's globals are read-only (use local)", key);
  }
  return luaL_error(L, "cannot assign '%s.%s': the sandbox's libraries are read-only", prefix, key);
}

int ProxyPairs(lua_State* L) {
  lua_getglobal(L, "next");  // the real global table still has it
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushnil(L);
  return 3;
}

}  // namespace

void MakeReadOnly(lua_State* L, const char* prefix) {
  int backing = lua_gettop(L);
  lua_newtable(L);  // the proxy
  lua_newtable(L);  // its metatable
  lua_pushvalue(L, backing);
  lua_pushstring(L, prefix);
  lua_pushcclosure(L, ProxyIndex, 2);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, prefix);
  lua_pushcclosure(L, ProxyNewIndex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, backing);
  lua_pushcclosure(L, ProxyPairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_remove(L, backing);
}

namespace {

// Copies the fields `names` (or all when names is empty) of the table at
// `from` into a new table left on top.
void CopyFields(lua_State* L, int from, const std::vector<const char*>& names) {
  lua_newtable(L);
  if (names.empty()) {
    lua_pushnil(L);
    while (lua_next(L, from) != 0) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_settable(L, -4);
    }
    return;
  }
  for (const char* name : names) {
    lua_getfield(L, from, name);
    lua_setfield(L, -2, name);
  }
}

// load(chunk [, chunkname [, mode [, env]]]): text only, and the sandbox's
// globals unless an env is given.
int SafeLoad(lua_State* L) {
  std::size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  const char* name = luaL_optstring(L, 2, text);
  if (lua_gettop(L) >= 3 && !lua_isnil(L, 3)) {
    const char* mode = luaL_checkstring(L, 3);
    if (std::strcmp(mode, "t") != 0) {
      lua_pushnil(L);
      lua_pushfstring(L, "load: mode '%s' refused: a runbook may load text chunks only", mode);
      return 2;
    }
  }
  int status = luaL_loadbufferx(L, text, size, name, "t");
  if (status != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  if (lua_gettop(L) >= 5 && !lua_isnoneornil(L, 4)) {
    lua_pushvalue(L, 4);
  } else {
    lua_pushvalue(L, lua_upvalueindex(1));
  }
  lua_setupvalue(L, -2, 1);
  return 1;
}

bool ValidModuleName(const char* name) {
  static const std::regex kName("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");
  return std::regex_match(name, kName);
}

// Finds and runs module `name`, leaving its value on the stack; on failure
// leaves the message instead and returns false. Holds the C++ objects, so
// SafeRequire can raise the error after they are gone.
bool LoadModule(lua_State* L, const char* name) {
  std::string relative = name;
  for (char& c : relative) {
    if (c == '.') c = '/';
  }
  relative += ".lua";
  std::string searched;
  const auto& dirs = *static_cast<const std::vector<std::string>*>(lua_touserdata(L, lua_upvalueindex(2)));
  for (const std::string& dir : dirs) {
    std::string path = dir + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      searched += (searched.empty() ? "" : ", ") + path;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string source = text.str();
    std::string chunk = "@" + path;
    if (luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t") != LUA_OK) return false;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    lua_pushstring(L, name);
    return lua_pcall(L, 1, 1, 0) == LUA_OK;
  }
  if (searched.empty()) {
    lua_pushfstring(L, "require \"%s\": no runbooks/lib folder to load modules from", name);
  } else {
    lua_pushfstring(L, "require \"%s\": not found in runbooks/lib (looked for %s)", name, searched.c_str());
  }
  return false;
}

// require(name): a source module from the lib folders only, each loaded once.
int SafeRequire(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  if (!ValidModuleName(name)) {
    return luaL_error(L, "require \"%s\": expected a module name such as \"net.retry\" (letters, digits, _ and .)",
                      name);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "evt.runbook.loaded");
  if (lua_getfield(L, -1, name) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  if (!LoadModule(L, name)) return lua_error(L);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name);
  return 1;
}

// Lua runs message handlers and __gc finalizers with hooks off, so code
// there could loop past every limit. xpcall therefore calls its handler
// after the error, as an ordinary call (and not at all when a limit is
// ending the run), and metatables with __gc are refused.
int SafeXpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  int n = lua_gettop(L);
  lua_pushvalue(L, 1);
  for (int i = 3; i <= n; ++i) lua_pushvalue(L, i);
  if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_insert(L, n + 1);
    return lua_gettop(L) - n;
  }
  Sandbox& sandbox = Sandbox::Of(L);
  if (sandbox.terminating()) return lua_error(L);
  lua_pushvalue(L, 2);
  lua_insert(L, -2);
  lua_pcall(L, 1, 1, 0);
  sandbox.RaiseIfTerminating(L);
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

int SafeSetmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) {
      return luaL_error(L, "setmetatable: __gc finalizers are not allowed in a runbook (sandbox)");
    }
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int SafePrint(lua_State* L) {
  auto* print = static_cast<std::function<void(std::string_view)>*>(lua_touserdata(L, lua_upvalueindex(1)));
  std::string line;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    std::size_t size = 0;
    const char* s = luaL_tolstring(L, i, &size);
    if (i > 1) line += '\t';
    line.append(s, size);
    lua_pop(L, 1);
  }
  if (*print) (*print)(line);
  return 0;
}

bool ChargeSandbox(lua_State* L, std::int64_t steps) { return Sandbox::Of(L).ChargeSteps(steps); }
void RaiseSandboxLimit(lua_State* L) { Sandbox::Of(L).RaiseIfTerminating(L); }
const lua::StrlibLimits kStrlibLimits{ChargeSandbox, RaiseSandboxLimit};

// An error outside any protected call: a bug here, never the runbook's
// doing. Lua would abort(); exit with the internal-error code instead.
int Panic(lua_State* L) {
  const char* message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "unknown error";
  PrintError(std::string("internal error: Lua: ") + message);
  std::_Exit(70);
}

}  // namespace

Sandbox::Sandbox(SandboxOptions options) : options_(std::move(options)), cap_bytes_(options_.limits.memory_bytes) {}

Sandbox::~Sandbox() {
  if (L_ != nullptr) lua_close(L_);
}

Sandbox& Sandbox::Of(lua_State* L) { return **static_cast<Sandbox**>(lua_getextraspace(L)); }

Result<std::unique_ptr<Sandbox>> Sandbox::Create(SandboxOptions options) {
  std::unique_ptr<Sandbox> sandbox(new Sandbox(std::move(options)));
  sandbox->L_ = lua_newstate(&Sandbox::Allocate, sandbox.get());
  if (sandbox->L_ == nullptr) return Status::Internal("cannot create a Lua state: out of memory");
  *static_cast<Sandbox**>(lua_getextraspace(sandbox->L_)) = sandbox.get();
  lua_atpanic(sandbox->L_, &Panic);
  sandbox->InstallLibraries();
  lua_sethook(sandbox->L_, &Sandbox::Hook, LUA_MASKCOUNT, kHookEvery);
  return sandbox;
}

void Sandbox::OpenLibrary(const char* name, int (*open)(lua_State*)) {
  luaL_requiref(L_, name, open, 0);
}

void Sandbox::InstallLibraries() {
  lua_State* L = L_;
  luaL_openlibs(L);  // into the real global table, which the runbook never sees
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "evt.runbook.loaded");

  lua_newtable(L);  // the runbook's globals
  int globals = lua_gettop(L);
  lua_pushglobaltable(L);
  int real = lua_gettop(L);
  for (const char* name : kBaseFunctions) {
    lua_getfield(L, real, name);
    lua_setfield(L, globals, name);
  }
  lua_getfield(L, real, "_VERSION");
  lua_setfield(L, globals, "_VERSION");
  lua_pushcfunction(L, SafeXpcall);
  lua_setfield(L, globals, "xpcall");
  lua_getfield(L, real, "setmetatable");
  lua_pushcclosure(L, SafeSetmetatable, 1);
  lua_setfield(L, globals, "setmetatable");

  struct Library {
    const char* name;
    std::vector<const char*> fields;  // empty: all
  };
  const Library libraries[] = {{"table", {}}, {"math", {}}, {"utf8", {}}, {"string", {}}, {"os", {}}};
  for (const Library& library : libraries) {
    lua_getfield(L, real, library.name);
    int lib = lua_gettop(L);
    if (std::strcmp(library.name, "os") == 0) {
      CopyFields(L, lib, std::vector<const char*>(std::begin(kOsFunctions), std::end(kOsFunctions)));
    } else {
      CopyFields(L, lib, library.fields);
    }
    if (std::strcmp(library.name, "table") == 0) lua::InstallBoundedStrlib(L, 0, -1, &kStrlibLimits);
    if (std::strcmp(library.name, "string") == 0) {
      lua::InstallBoundedStrlib(L, -1, 0, &kStrlibLimits);
      lua_pushnil(L);
      lua_setfield(L, -2, "dump");
      // Methods on strings ("x"):rep() look here; the metatable is locked
      // so the real string table cannot be reached through it.
      lua_pushliteral(L, "");
      lua_getmetatable(L, -1);
      lua_pushvalue(L, -3);
      lua_setfield(L, -2, "__index");
      lua_pushliteral(L, "locked");
      lua_setfield(L, -2, "__metatable");
      lua_pop(L, 2);
    }
    MakeReadOnly(L, library.name);
    lua_setfield(L, globals, library.name);
    lua_pop(L, 1);  // the real library
  }
  lua_pop(L, 1);  // the real global table

  lua_pushvalue(L, globals);
  globals_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  // The proxy: made now so load and require can close over it, filled
  // through the backing table (globals_ref_) afterwards.
  lua_pushvalue(L, globals);
  MakeReadOnly(L, "");
  lua_pushvalue(L, -1);
  env_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  int env = lua_gettop(L);

  lua_pushvalue(L, env);
  lua_setfield(L, globals, "_G");
  lua_pushvalue(L, env);
  lua_pushcclosure(L, SafeLoad, 1);
  lua_setfield(L, globals, "load");
  lua_pushvalue(L, env);
  lua_pushlightuserdata(L, &options_.lib_dirs);
  lua_pushcclosure(L, SafeRequire, 2);
  lua_setfield(L, globals, "require");
  lua_pushlightuserdata(L, &options_.print);
  lua_pushcclosure(L, SafePrint, 1);
  lua_setfield(L, globals, "print");
  lua_pop(L, 2);  // env, globals
}

void Sandbox::AddGlobal(std::string_view name) {
  lua_rawgeti(L_, LUA_REGISTRYINDEX, globals_ref_);
  lua_insert(L_, -2);
  lua_setfield(L_, -2, std::string(name).c_str());
  lua_pop(L_, 1);
}

Status Sandbox::Load(std::string_view source, std::string_view chunk_name) {
  std::string name = "@" + std::string(chunk_name);
  if (luaL_loadbufferx(L_, source.data(), source.size(), name.c_str(), "t") != LUA_OK) {
    std::string message = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "cannot load";
    lua_pop(L_, 1);
    return Status::DataErr(message);
  }
  lua_rawgeti(L_, LUA_REGISTRYINDEX, env_ref_);
  lua_setupvalue(L_, -2, 1);
  return Status::Ok();
}

std::optional<std::string> Sandbox::Call(int nargs, int nresults) {
  if (lua_pcall(L_, nargs, nresults, 0) == LUA_OK) return std::nullopt;
  std::string message;
  if (terminating_) {
    message = limit_message_;
  } else if (lua_type(L_, -1) == LUA_TSTRING) {
    message = lua_tostring(L_, -1);
  } else if (lua_type(L_, -1) == LUA_TNUMBER) {
    message = std::to_string(lua_tonumber(L_, -1));
  } else {
    message = std::string("(error object is a ") + luaL_typename(L_, -1) + " value)";
  }
  lua_pop(L_, 1);
  return message;
}

void Sandbox::SetRunDeadline(SteadyTime deadline) { deadlines_[0] = deadline; }

int Sandbox::PushStepDeadline(std::optional<SteadyTime> deadline) {
  deadlines_.push_back(deadline);
  return static_cast<int>(deadlines_.size()) - 1;
}

void Sandbox::PopStepDeadline(int depth) {
  if (depth > 0 && static_cast<std::size_t>(depth) < deadlines_.size()) deadlines_.resize(depth);
}

std::optional<SteadyTime> Sandbox::EffectiveDeadline() const {
  std::optional<SteadyTime> nearest;
  for (const auto& deadline : deadlines_) {
    if (deadline && (!nearest || *deadline < *nearest)) nearest = deadline;
  }
  return nearest;
}

bool Sandbox::CheckLimits() {
  if (terminating_) return true;
  if (instructions_ > options_.limits.instructions) {
    Terminate(LimitKind::kInstructions, 0,
              "runbook exceeded its instruction limit (" + std::to_string(options_.limits.instructions) + ")");
  } else if (StopRequested()) {
    Terminate(LimitKind::kStopped, 0, "runbook interrupted by a signal");
  } else {
    SteadyTime now = std::chrono::steady_clock::now();
    for (std::size_t depth = 0; depth < deadlines_.size(); ++depth) {
      if (deadlines_[depth] && now >= *deadlines_[depth]) {
        if (depth == 0) {
          Terminate(LimitKind::kDeadline, 0, "runbook ran past its time limit (--timeout)");
        } else {
          Terminate(LimitKind::kStepDeadline, static_cast<int>(depth), "step ran past its timeout");
        }
        break;
      }
    }
  }
  return terminating_;
}

bool Sandbox::ChargeSteps(std::int64_t steps) {
  instructions_ += steps;
  return !CheckLimits();
}

void Sandbox::RaiseIfTerminating(lua_State* L) {
  if (!terminating_) return;
  lua_pushstring(L, limit_message_.c_str());
  lua_error(L);
}

void Sandbox::Terminate(LimitKind kind, int depth, std::string message) {
  if (terminating_ && terminate_depth_ <= depth) return;
  terminating_ = true;
  terminate_depth_ = depth;
  limit_ = kind;
  limit_message_ = std::move(message);
  if (L_ != nullptr) lua_sethook(L_, &Sandbox::Hook, LUA_MASKCOUNT, 1);
}

bool Sandbox::ClearExpiredStep(int depth) {
  if (!terminating_ || limit_ != LimitKind::kStepDeadline || terminate_depth_ != depth) return false;
  terminating_ = false;
  limit_ = LimitKind::kNone;
  limit_message_.clear();
  lua_sethook(L_, &Sandbox::Hook, LUA_MASKCOUNT, kHookEvery);
  return true;
}

void Sandbox::Hook(lua_State* L, lua_Debug*) {
  Sandbox& sandbox = Of(L);
  if (!sandbox.terminating_) {
    sandbox.instructions_ += kHookEvery;
    sandbox.CheckLimits();
  }
  sandbox.RaiseIfTerminating(L);
}

void* Sandbox::Allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* sandbox = static_cast<Sandbox*>(ud);
  std::size_t old_bytes = ptr != nullptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    sandbox->used_bytes_ -= old_bytes;
    return nullptr;
  }
  if (new_size > old_bytes && sandbox->used_bytes_ - old_bytes + new_size > sandbox->cap_bytes_) {
    if (sandbox->limit_ != LimitKind::kMemory) {
      sandbox->cap_bytes_ = sandbox->options_.limits.memory_bytes + kMemoryReserve;
      sandbox->terminating_ = false;  // the memory limit outranks any other
      sandbox->Terminate(LimitKind::kMemory, 0,
                         "runbook exceeded its memory limit (" + MiB(sandbox->options_.limits.memory_bytes) + ")");
    }
    return nullptr;
  }
  void* grown = std::realloc(ptr, new_size);
  if (grown == nullptr) return nullptr;
  sandbox->used_bytes_ += new_size - old_bytes;
  return grown;
}

}  // namespace evt::runbook
