// evt-runbook's bounded pattern functions (common/lua/bounded_strlib.h) in
// the runbook sandbox, under its instruction budget: string.find, match,
// gmatch and gsub with a subject and a pattern from the input (the first
// byte says where the subject ends). Whatever the pattern, the call ends
// within the budget, and when it ends by itself it agrees with Lua's own
// string library, errors included.
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tools/runbook/sandbox.h"

namespace {

const char* const kHarness = R"lua(
local s, p = ...
local function show(ok, ...)
  local out = {tostring(ok)}
  for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end
local function all()
  local out = {}
  for a, b in string.gmatch(s, p) do
    out[#out + 1] = tostring(a) .. ":" .. tostring(b)
    if #out > 20 then break end
  end
  return table.concat(out, ";")
end
return table.concat({
  show(pcall(string.find, s, p)), show(pcall(string.find, s, p, -3)), show(pcall(string.match, s, p)),
  show(pcall(all)), show(pcall(string.gsub, s, p, "<%0%1>")), show(pcall(string.gsub, s, p, "%%", 2)),
}, "\n")
)lua";

// Runs the loaded harness in `L` (with L's globals); false when it failed.
bool RunHarness(lua_State* L, const std::string& s, const std::string& p, std::string& out) {
  lua_pushlstring(L, s.data(), s.size());
  lua_pushlstring(L, p.data(), p.size());
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) return false;
  std::size_t size = 0;
  const char* text = lua_tolstring(L, -1, &size);
  out.assign(text, size);
  lua_pop(L, 1);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t split = 1 + data[0] % size;
  std::string subject(reinterpret_cast<const char*>(data) + 1, split - 1);
  std::string pattern(reinterpret_cast<const char*>(data) + split, size - split);

  evt::runbook::SandboxOptions options;
  options.limits.memory_bytes = std::size_t{8} << 20;
  options.limits.instructions = 2'000'000;
  auto sandbox = evt::runbook::Sandbox::Create(options);
  if (!sandbox.ok()) return 0;
  if (!(*sandbox)->Load(kHarness, "fuzz.lua").ok()) std::abort();
  std::string bounded;
  bool finished = RunHarness((*sandbox)->state(), subject, pattern, bounded);
  if ((*sandbox)->terminating()) {
    if ((*sandbox)->instructions_used() > 4 * options.limits.instructions) std::abort();  // the budget did not hold
    return 0;
  }
  if (!finished) std::abort();  // the harness itself cannot fail

  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  luaL_loadbufferx(L, kHarness, std::strlen(kHarness), "@fuzz.lua", "t");  // the sandbox's chunk name
  std::string reference;
  bool reference_finished = RunHarness(L, subject, pattern, reference);
  lua_close(L);
  if (!reference_finished || reference != bounded) {
    std::fprintf(stderr, "bounded:\n%s\nLua:\n%s\n", bounded.c_str(), reference.c_str());
    std::abort();
  }
  return 0;
}
