// A Lua 5.4 state a runbook cannot break out of, with limits it cannot
// escape.
//
// Allow-list: the runbook's globals are `evt` (added by the runner),
// `string` (no dump), `table`, `math`, `utf8`, an `os` with time, clock and
// date only, `require` that loads source modules from the lib folders only,
// `load` of text chunks only, and the harmless base functions. No `io`,
// `debug`, `package`, `coroutine`, `dofile`, `loadfile`, `rawset` or
// `collectgarbage`. The global table and every library table are read-only
// proxies with protected metatables, so `setmetatable(_G, nil)` and
// assignments fail; reading a global that does not exist is an error that
// says the sandbox has no such thing.
//
// Limits: an allocator with a memory cap, an instruction budget counted by
// a hook, and a stack of wall-clock deadlines (the run's, then one per
// running step). string.find/match/gmatch/gsub and table.concat are the
// bounded versions (common/lua/bounded_strlib.h): no hook fires inside a
// C function, so they charge their steps to the instruction budget and
// check the limits as they go. What is left (table.sort with a C
// comparator over a huge table) is the watchdog's (watchdog.h). When one is hit the state is "terminating": the hook
// raises on every further instruction, so `pcall` cannot swallow it. A
// step deadline ends only that step (ClearExpiredStep); every other limit
// ends the run.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct lua_State;
struct lua_Debug;

namespace evt::runbook {

using SteadyTime = std::chrono::steady_clock::time_point;

struct SandboxLimits {
  std::size_t memory_bytes = std::size_t{64} << 20;
  std::int64_t instructions = 2'000'000'000;
};

struct SandboxOptions {
  SandboxLimits limits;
  // Folders `require("a.b")` looks in, for a/b.lua, in order.
  std::vector<std::string> lib_dirs;
  // Where `print` goes (the runner logs it).
  std::function<void(std::string_view)> print;
};

// Replaces the table on top of the stack with a read-only proxy of it:
// reads of missing keys and every write are errors naming `prefix.key`.
void MakeReadOnly(lua_State* L, const char* prefix);

// Why a run is ending.
enum class LimitKind { kNone, kMemory, kInstructions, kDeadline, kStepDeadline, kStopped, kAborted };

class Sandbox {
 public:
  static Result<std::unique_ptr<Sandbox>> Create(SandboxOptions options);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  // The Sandbox a state belongs to.
  static Sandbox& Of(lua_State* L);

  // Adds `name` to the read-only globals: the value on top of the stack
  // (popped). REQUIRES: before the runbook's code runs.
  void AddGlobal(std::string_view name);

  // Compiles `source` as text (binary chunks are refused) with the
  // sandbox's globals and pushes the function. `chunk_name` is what errors
  // name ("path/x.lua"). DataErr "chunk_name:line: what" on a syntax error.
  Status Load(std::string_view source, std::string_view chunk_name);

  // Calls the function under the top `nargs` arguments with lua_pcall and
  // a traceback-free handler; returns the Lua error message on failure.
  // Results stay on the stack (nresults).
  std::optional<std::string> Call(int nargs, int nresults);

  // Deadlines: index 0 is the run's (none until set), then one per step.
  void SetRunDeadline(SteadyTime deadline);
  std::optional<SteadyTime> run_deadline() const { return deadlines_[0]; }
  // Returns the depth to pass to PopStepDeadline/ClearExpiredStep.
  int PushStepDeadline(std::optional<SteadyTime> deadline);
  void PopStepDeadline(int depth);
  // The nearest deadline in force, for blocking calls.
  std::optional<SteadyTime> EffectiveDeadline() const;

  // Checks the clock, the stop request and the memory flag now, as the hook
  // does; starts terminating when one is hit. For C functions before and
  // after they block. Returns true when terminating.
  bool CheckLimits();
  // Counts `steps` of a C function's work as instructions and checks the
  // limits; false when terminating (the function must stop and raise).
  bool ChargeSteps(std::int64_t steps);
  // Raises the terminating error if terminating (never returns then).
  void RaiseIfTerminating(lua_State* L);
  bool terminating() const { return terminating_; }
  LimitKind limit() const { return limit_; }
  // What ended the run or step, e.g. "runbook exceeded its memory limit
  // (64 MiB)".
  const std::string& limit_message() const { return limit_message_; }
  // If the step at `depth` is what the state is terminating for, stops
  // terminating and returns true: the step failed by its own timeout and
  // the runbook goes on.
  bool ClearExpiredStep(int depth);
  // Ends the run as a limit would, for a failure the runbook must not be
  // able to catch (the audit log cannot be written).
  void Abort(std::string message) { Terminate(LimitKind::kAborted, 0, std::move(message)); }

  std::int64_t instructions_used() const { return instructions_; }
  std::size_t memory_used() const { return used_bytes_; }

 private:
  explicit Sandbox(SandboxOptions options);
  static void* Allocate(void* ud, void* ptr, std::size_t old_size, std::size_t new_size);
  static void Hook(lua_State* L, lua_Debug* ar);
  void Terminate(LimitKind kind, int depth, std::string message);
  void InstallLibraries();
  void OpenLibrary(const char* name, int (*open)(lua_State*));

  SandboxOptions options_;
  lua_State* L_ = nullptr;
  int globals_ref_ = 0;       // the table behind the read-only _ENV proxy
  int env_ref_ = 0;           // the proxy itself
  std::size_t used_bytes_ = 0;
  std::size_t cap_bytes_ = 0;  // raised once by a reserve after the cap is hit
  std::int64_t instructions_ = 0;
  std::vector<std::optional<SteadyTime>> deadlines_{std::nullopt};
  bool terminating_ = false;
  int terminate_depth_ = 0;
  LimitKind limit_ = LimitKind::kNone;
  std::string limit_message_;
};

}  // namespace evt::runbook
