// The `evt` table: everything a runbook can do beyond computing.
#include <lauxlib.h>
#include <lua.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <regex>
#include <sstream>

#include "common/child_process.h"
#include "common/duration.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/process_state.h"
#include "common/secret.h"
#include "common/time_format.h"
#include "tools/runbook/content_hash.h"
#include "tools/runbook/lua_value.h"
#include "tools/runbook/probe_requests.h"
#include "tools/runbook/program_path.h"
#include "tools/runbook/run_context.h"
#include "tools/runbook/valid_utf8.h"

namespace evt::runbook {
namespace {

using Steady = std::chrono::steady_clock;

RunContext& Ctx(lua_State* L) { return *static_cast<RunContext*>(lua_touserdata(L, lua_upvalueindex(1))); }

// Lua raises errors with longjmp, which would skip the destructors of the
// C++ objects in these functions; so they throw this instead, and Guarded
// turns it into a Lua error once every C++ frame is gone.
struct LuaError {
  std::string message;
};

[[noreturn]] void Raise(lua_State*, const RunContext& ctx, const std::string& message) {
  throw LuaError{ctx.redactor.Apply(message)};
}

void ThrowIfTerminating(const RunContext& ctx) {
  if (ctx.sandbox->terminating()) throw LuaError{ctx.sandbox->limit_message()};
}

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

void RequireRun(lua_State* L, const RunContext& ctx, const char* what) {
  if (ctx.phase != Phase::kRun) {
    Raise(L, ctx, std::string(what) + " may only be called inside run(), not while the header is read");
  }
  ThrowIfTerminating(ctx);
}

// A failed audit write ends the run in a way pcall cannot catch: a run
// that cannot be audited must not go on.
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

// A duration as a runbook writes it: "500ms", "2s", or a number of seconds.
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

// Reads opts[key] (opts at `index`, may be nil) and leaves it on the stack.
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

std::string StdinData(lua_State* L, int opts, const RunContext& ctx, const std::string& what) {
  int type = OptField(L, opts, "stdin");
  std::string data;
  if (type == LUA_TSTRING) {
    std::size_t size = 0;
    const char* s = lua_tolstring(L, -1, &size);
    data.assign(s, size);
  } else if (type == LUA_TTABLE) {
    lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, -1, i);
      Result<Value> record = ToValue(L, -1);
      lua_pop(L, 1);
      if (!record.ok()) Raise(L, ctx, what + ": stdin[" + std::to_string(i) + "]: " + record.status().message());
      Result<std::string> line = ToJson(*record);
      if (!line.ok()) Raise(L, ctx, what + ": stdin[" + std::to_string(i) + "]: " + line.status().message());
      data += *line + "\n";
    }
  } else if (type != LUA_TNIL) {
    Raise(L, ctx, what + ": stdin: expected a string or a list of records, got a " + luaL_typename(L, -1));
  }
  lua_pop(L, 1);
  return data;
}

bool IsEnvName(const std::string& name) {
  static const std::regex kEnvName("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(name, kEnvName);
}

// opts.env: {NAME = "value", ...} for the program only, as "NAME=value".
std::vector<std::string> EnvData(lua_State* L, int opts, const RunContext& ctx, const std::string& what) {
  std::vector<std::string> env;
  int type = OptField(L, opts, "env");
  if (type != LUA_TNIL && type != LUA_TTABLE) Raise(L, ctx, what + ": env: expected a table of NAME = value");
  if (type == LUA_TTABLE) {
    int table = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
      std::string name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      if (!IsEnvName(name)) Raise(L, ctx, what + ": env: expected names of environment variables as keys");
      env.push_back(name + "=" + ArgString(L, -1, ctx, what + ": env." + name));
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  return env;
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

std::string Joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    out += plain ? arg : "'" + arg + "'";
  }
  return out;
}

void PushRecords(lua_State* L, const std::string& out) {
  lua_newtable(L);
  lua_Integer n = 0;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string_view line(out.data() + start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      Result<Value> record = ParseJson(line, "stdout");
      if (record.ok() && record->is_object()) {
        PushValue(L, *record);
        lua_rawseti(L, -2, ++n);
      }
    }
    start = end + 1;
  }
}

std::optional<std::int64_t> CurrentStep(const RunContext& ctx) {
  if (ctx.open_steps.empty()) return std::nullopt;
  return ctx.open_steps.back().seq;
}

struct ProgramCall {
  std::string what;               // "evt.tool" or "evt.exec"
  std::string path;
  std::vector<std::string> argv;  // argv[0] is the program's name
  std::string stdin_data;
  std::vector<std::string> env;  // "NAME=value", kept out of argv, logs and the audit
  bool mutates = false;
  // A dry run added the tool's own --dry-run: it runs, and its exit 3
  // is a change pending, not a failure.
  bool tool_dry_run = false;
  std::optional<Duration> timeout;
};

void NotePending(RunContext& ctx, const std::string& shown) {
  ++ctx.changes_pending;
  if (!ctx.open_steps.empty()) ctx.open_steps.back().pending.push_back(shown);
}

const CommandTable& Commands(RunContext& ctx) {
  if (!ctx.commands) {
    const RunEnvironment& env = ctx.environment;
    Result<CommandTable> table =
        CommandTable::Load(env.command_table.empty() ? DefaultCommandTablePath(env.self_dir) : env.command_table);
    if (!table.ok()) {
      ctx.Log("warning", "dry run: " + table.status().message() + ": every evt.tool call counts as mutating");
      table = CommandTable();
    }
    ctx.commands = std::move(*table);
  }
  return *ctx.commands;
}

// In a dry run, what the command-access table allows (call_access.h);
// outside one, every call runs as written.
void PlanDryRun(RunContext& ctx, const std::vector<std::string>& args, bool declared_mutating, ProgramCall& call) {
  call.mutates = true;
  if (!ctx.dry_run || declared_mutating) return;
  CallPlan plan = PlanCall(Commands(ctx), call.argv[0], args);
  if (plan.access == CallAccess::kMutating && call.argv[0] == "evt-probe" &&
      ProbeSendsOnlyReads(plan, ctx.config)) {
    plan.access = CallAccess::kReadOnly;
  }
  if (plan.access == CallAccess::kMutating) return;
  call.mutates = false;
  if (plan.access == CallAccess::kAddDryRun) {
    call.argv.insert(call.argv.begin() + 1 + static_cast<std::ptrdiff_t>(plan.insert_at), "--dry-run");
    call.tool_dry_run = true;
  }
}

// Runs (or, in a dry run, only shows) a program and pushes its result.
int RunProgram(lua_State* L, RunContext& ctx, const ProgramCall& call) {
  if (ctx.failed && !ctx.InAlwaysStep()) {
    Raise(L, ctx, call.what + " after a failed step: only steps with always = true may run programs now");
  }
  Value argv = Value::array();
  for (const std::string& arg : call.argv) argv.push_back(ctx.redactor.Apply(arg));
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = CurrentStep(ctx);
  entry.argv = argv;
  if (ctx.dry_run && call.mutates) {
    std::string shown = ctx.redactor.Apply(Joined(call.argv));
    NotePending(ctx, shown);
    ctx.Log("dry run", "would run: " + shown);
    entry.dry_run = true;
    Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
    // The shape of a real result, so code that reads r.code or r.records
    // goes on working in a dry run (Ansible's check mode breaks there).
    lua_newtable(L);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "dry_run");
    lua_pushinteger(L, 0);
    lua_setfield(L, -2, "code");
    lua_newtable(L);
    lua_setfield(L, -2, "records");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "stdout");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "stderr");
    lua_pushinteger(L, 0);
    lua_setfield(L, -2, "ms");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "timed_out");
    return 1;
  }
  ChildRequest request;
  request.path = call.path;
  request.argv = call.argv;
  request.stdin_data = call.stdin_data;
  request.deadline = ctx.sandbox->EffectiveDeadline();
  request.grace = ctx.settings.kill_grace;
  request.env = call.env;
  if (call.timeout) {
    Steady::time_point own = Steady::now() + *call.timeout;
    if (!request.deadline || own < *request.deadline) request.deadline = own;
  }
  Result<ChildResult> result = RunChild(request);
  ctx.sandbox->CheckLimits();
  if (!result.ok()) {
    Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
    ThrowIfTerminating(ctx);
    Raise(L, ctx, call.what + ": " + result.status().message());
  }
  entry.code = result->exit_code;
  entry.duration_ms = result->elapsed.count();
  entry.dry_run = call.tool_dry_run;
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  // The run's or the step's deadline, or a stop, ended it: so ends the run
  // (or the step), whatever the runbook would do with the result.
  ThrowIfTerminating(ctx);
  int code = result->exit_code;
  if (call.tool_dry_run && code == ToInt(ExitCode::kDryRunPending)) {
    std::string shown = ctx.redactor.Apply(Joined(call.argv));
    NotePending(ctx, shown);
    ctx.Log("dry run", "changes pending: " + shown);
    code = 0;  // as for a call not run: code that checks r.code goes on
  }
  lua_newtable(L);
  if (call.tool_dry_run) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "dry_run");
  }
  lua_pushinteger(L, code);
  lua_setfield(L, -2, "code");
  PushRecords(L, result->out);
  lua_setfield(L, -2, "records");
  lua_pushlstring(L, result->out.data(), result->out.size());
  lua_setfield(L, -2, "stdout");
  lua_pushlstring(L, result->err.data(), result->err.size());
  lua_setfield(L, -2, "stderr");
  lua_pushinteger(L, static_cast<lua_Integer>(result->elapsed.count()));
  lua_setfield(L, -2, "ms");
  lua_pushboolean(L, result->timed_out);
  lua_setfield(L, -2, "timed_out");
  return 1;
}

// evt.tool(name, args, opts)
int Tool(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.tool");
  std::string name = ArgString(L, 1, ctx, "evt.tool: name");
  std::vector<std::string> args = StringList(L, 2, ctx, "evt.tool: args");
  CheckOptKeys(L, 3, ctx, "evt.tool", {"stdin", "env", "mutates", "timeout"});
  Result<std::string> path = FindEvtTool(name, ctx.environment.self_dir, ctx.environment.env);
  if (!path.ok()) Raise(L, ctx, path.status().message());
  ProgramCall call;
  call.what = "evt.tool";
  call.path = *path;
  std::string binary = name.starts_with("evt-") ? name : "evt-" + name;
  call.argv.push_back(binary);
  call.argv.insert(call.argv.end(), args.begin(), args.end());
  call.stdin_data = StdinData(L, 3, ctx, "evt.tool");
  call.env = EnvData(L, 3, ctx, "evt.tool");
  // mutates = true makes a call count as mutating; mutates = false cannot
  // make one run that its tool does not declare read-only.
  PlanDryRun(ctx, args, OptBool(L, 3, ctx, "mutates", "evt.tool").value_or(false), call);
  call.timeout = OptDuration(L, 3, ctx, "timeout", "evt.tool");
  return RunProgram(L, ctx, call);
}

// evt.exec(argv, opts): only programs the operator's config allows.
int Exec(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.exec");
  std::vector<std::string> argv = StringList(L, 1, ctx, "evt.exec: argv");
  if (argv.empty()) Raise(L, ctx, "evt.exec: argv: expected the program and its arguments, got an empty list");
  CheckOptKeys(L, 2, ctx, "evt.exec", {"stdin", "env", "mutates", "timeout"});
  const auto& allowed = ctx.settings.allow_exec;
  if (std::find(allowed.begin(), allowed.end(), argv[0]) == allowed.end()) {
    Raise(L, ctx, "evt.exec: \"" + argv[0] +
                      "\" is not allowed: only the programs the config lists in runbook.allow_exec may run");
  }
  Result<std::string> path = FindProgram(argv[0], ctx.environment.env);
  if (!path.ok()) Raise(L, ctx, path.status().message());
  ProgramCall call;
  call.what = "evt.exec";
  call.path = *path;
  call.argv = argv;
  call.stdin_data = StdinData(L, 2, ctx, "evt.exec");
  call.env = EnvData(L, 2, ctx, "evt.exec");
  call.mutates = OptBool(L, 2, ctx, "mutates", "evt.exec").value_or(true);
  call.timeout = OptDuration(L, 2, ctx, "timeout", "evt.exec");
  return RunProgram(L, ctx, call);
}

// Waits `d`, or less when a deadline or a stop comes first (then raises).
void SleepFor(lua_State* L, RunContext& ctx, Duration d) {
  Steady::time_point until = Steady::now() + d;
  if (auto deadline = ctx.sandbox->EffectiveDeadline(); deadline && *deadline < until) until = *deadline;
  while (!StopRequested()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Steady::now()).count();
    if (left <= 0) break;
    pollfd fd{StopWakeupFd(), POLLIN, 0};
    ::poll(&fd, StopWakeupFd() >= 0 ? 1 : 0, static_cast<int>(std::min<long long>(left, 1000)));
  }
  ctx.sandbox->CheckLimits();
  (void)L;
  ThrowIfTerminating(ctx);
}

int Sleep(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.sleep");
  Duration d = DurationArg(L, 1, ctx, "evt.sleep");
  if (ctx.dry_run) {
    ctx.Log("dry run", "would sleep " + FormatDuration(d));
    return 0;
  }
  SleepFor(L, ctx, d);
  return 0;
}

void RecordStepStart(lua_State* L, RunContext& ctx, const StepEntry& step, bool always) {
  Audited(L, ctx, ctx.audit->BeginStep(ctx.run_id, step));
  Value started = Value::object({{"run_id", ctx.run_id},
                                 {"runbook", ctx.runbook},
                                 {"seq", step.seq},
                                 {"step", step.name},
                                 {"depth", static_cast<std::int64_t>(ctx.open_steps.size())},
                                 {"always", always}});
  ctx.sink->StepStarted(started);
}

void RecordStepEnd(lua_State* L, RunContext& ctx, const StepEntry& step, bool always, const Value& pending,
                   std::optional<std::int64_t> parent) {
  Audited(L, ctx, ctx.audit->EndStep(ctx.run_id, step));
  Value record = Value::object({{"kind", "step"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ctx.Now())},
                                {"run_id", ctx.run_id},
                                {"runbook", ctx.runbook},
                                {"seq", step.seq},
                                {"step", step.name},
                                {"outcome", step.outcome},
                                {"attempts", step.attempts},
                                {"duration_ms", step.duration_ms},
                                {"dry_run", ctx.dry_run},
                                {"always", always}});
  if (parent) record.set("parent", *parent);
  record.set("depth", static_cast<std::int64_t>(ctx.open_steps.size()));
  if (!step.error.empty()) record.set("error", step.error);
  if (!pending.as_array().empty()) record.set("pending", pending);
  Value summary = Value::object({{"seq", step.seq}, {"step", step.name}, {"outcome", step.outcome},
                                 {"attempts", step.attempts}, {"duration_ms", step.duration_ms}});
  if (!step.error.empty()) summary.set("error", step.error);
  ctx.steps.push_back(std::move(summary));
  // A reader that went away does not stop a fix halfway; the tool ends
  // quietly after the run. A record that cannot be written (invalid UTF-8
  // in a step's name) is said once here; the audit log still has the step.
  Status written = ctx.sink->StepEnded(record);
  if (!written.ok() && !ReaderGone()) ctx.Log("warning", "step record not written: " + written.message());
}

struct StepOptions {
  std::int64_t retry = 0;
  Duration delay{0};
  std::optional<Duration> timeout;
  bool always = false;
};

StepOptions ReadStepOptions(lua_State* L, RunContext& ctx) {
  CheckOptKeys(L, 3, ctx, "evt.step", {"retry", "delay", "timeout", "always"});
  StepOptions options;
  if (OptField(L, 3, "retry") != LUA_TNIL) {
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 1000) {
      Raise(L, ctx, "evt.step: retry: expected a whole number from 0 to 1000");
    }
    options.retry = lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
  options.delay = OptDuration(L, 3, ctx, "delay", "evt.step").value_or(Duration(0));
  options.timeout = OptDuration(L, 3, ctx, "timeout", "evt.step");
  options.always = OptBool(L, 3, ctx, "always", "evt.step").value_or(false);
  return options;
}

// evt.step(name, fn, {retry = n, delay = d, timeout = d, always = bool})
int Step(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.step");
  std::string name = ctx.redactor.Apply(ArgString(L, 1, ctx, "evt.step: name"));
  if (std::string quoted; !AppendJsonString(quoted, name).ok()) Raise(L, ctx, "evt.step: name: invalid UTF-8");
  if (lua_type(L, 2) != LUA_TFUNCTION) {
    Raise(L, ctx, "evt.step: expected a function after the name, got a " + std::string(luaL_typename(L, 2)));
  }
  StepOptions options = ReadStepOptions(L, ctx);
  std::optional<std::int64_t> parent = CurrentStep(ctx);

  StepEntry step;
  step.seq = ctx.next_step_seq++;
  step.name = name;
  step.started_at = ctx.Now();
  if (ctx.failed && !options.always) {
    step.outcome = "skipped";
    step.error = "an earlier step failed";
    RecordStepStart(L, ctx, step, false);
    RecordStepEnd(L, ctx, step, false, Value::array(), parent);
    lua_pushnil(L);
    lua_pushliteral(L, "skipped: an earlier step failed");
    return 2;
  }
  RecordStepStart(L, ctx, step, options.always);
  bool failed_before = ctx.failed;
  SteadyTime start = ctx.environment.clock->Monotonic();
  std::string error;
  bool ok = false;
  int results = 0;
  ctx.open_steps.push_back({step.seq, options.always || (!ctx.open_steps.empty() && ctx.open_steps.back().always)});
  for (std::int64_t attempt = 1; attempt <= options.retry + 1; ++attempt) {
    step.attempts = attempt;
    std::optional<SteadyTime> deadline;
    if (options.timeout) deadline = Steady::now() + *options.timeout;
    int depth = ctx.sandbox->PushStepDeadline(deadline);
    int base = lua_gettop(L);
    lua_pushvalue(L, 2);
    int status = lua_pcall(L, 0, LUA_MULTRET, 0);
    ctx.sandbox->PopStepDeadline(depth);
    if (status == LUA_OK) {
      ok = true;
      results = lua_gettop(L) - base;
      break;
    }
    if (ctx.sandbox->ClearExpiredStep(depth)) {
      error = "timed out after " + FormatDuration(*options.timeout);
    } else {
      error = lua_tostring(L, -1) != nullptr ? lua_tostring(L, -1) : "(error object is not a string)";
    }
    lua_settop(L, base);
    error = ValidUtf8(ctx.redactor.Apply(error));
    if (ctx.sandbox->terminating()) break;  // a run limit: no retry, no cleanup here
    if (attempt <= options.retry) {
      ctx.Log("warning", "step \"" + name + "\" attempt " + std::to_string(attempt) + " failed: " + error +
                          "; retrying in " + FormatDuration(options.delay));
      SleepFor(L, ctx, options.delay);
    }
  }
  Value pending = ctx.open_steps.back().pending;
  ctx.open_steps.pop_back();
  if (!ctx.open_steps.empty()) {
    for (const Value& call : pending.as_array()) ctx.open_steps.back().pending.push_back(call);
  }
  if (ok && !failed_before && ctx.failed && !options.always) {
    ok = false;
    error = "a step inside it failed";
  }
  step.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.environment.clock->Monotonic() - start).count();
  step.outcome = ok ? "ok" : "failed";
  step.error = ok ? "" : error;
  if (!ok && !ctx.failed) {
    ctx.failed = true;
    ctx.failure = "step \"" + name + "\" failed: " + error;
  }
  RecordStepEnd(L, ctx, step, options.always, pending, parent);
  ThrowIfTerminating(ctx);
  if (!ok) {
    lua_pushnil(L);
    lua_pushlstring(L, error.data(), error.size());
    return 2;
  }
  return results;
}

int Confirm(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.confirm");
  std::string question = ArgString(L, 1, ctx, "evt.confirm: question");
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = CurrentStep(ctx);
  entry.argv = Value::array({"confirm", ctx.redactor.Apply(question)});
  entry.dry_run = ctx.dry_run;
  bool confirmed = false;
  std::string refusal;
  if (ctx.dry_run) {
    ctx.Log("dry run", "would ask: " + question);
    confirmed = true;
  } else if (ctx.yes) {
    ctx.Log("info", "confirmed by --yes: " + question);
    confirmed = true;
  } else if (ctx.environment.interactive && ctx.environment.ask) {
    std::optional<std::string> answer;
    ctx.sink->Aside([&] { answer = ctx.environment.ask(ctx.redactor.Apply(question)); });
    confirmed = answer && (*answer == "y" || *answer == "Y" || *answer == "yes" || *answer == "YES");
    if (!confirmed) refusal = "not confirmed: " + question;
  } else {
    refusal = "confirmation needed: \"" + question + "\" (no terminal on stdin; run with --yes to confirm)";
  }
  entry.code = confirmed ? 0 : 1;
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  if (!confirmed) Raise(L, ctx, refusal);
  lua_pushboolean(L, 1);
  return 1;
}

// Sends through each configured transport: Ok when one delivered, else the
// failure most worth retrying (TempFail, else Unavailable).
Status Deliver(RunContext& ctx, const std::string& message, const std::string& severity) {
  const NotifySettings& notify = ctx.settings.notify;
  Status failure;
  auto failed = [&](Status why) {
    ctx.Log("warning", "notify: " + why.message());
    if (failure.ok() || why.code() == ExitCode::kTempFail) failure = std::move(why);
  };
  auto deadline = ctx.sandbox->EffectiveDeadline();
  if (notify.webhook) {
    Value body = Value::object({{"kind", "notify"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ctx.Now())},
                                {"runbook", ctx.runbook},
                                {"run_id", ctx.run_id},
                                {"host", ctx.environment.host},
                                {"severity", severity},
                                {"message", message}});
    Result<std::string> text = ToJson(body);
    Status sent = text.ok() ? PostWebhook(*notify.webhook, *text, deadline) : text.status();
    if (sent.ok()) return sent;
    failed(sent);
  }
  if (!notify.command.empty()) {
    Result<std::string> path = FindProgram(notify.command[0], ctx.environment.env);
    Result<ChildResult> ran = path.status();
    if (path.ok()) {
      ChildRequest request;
      request.path = *path;
      request.argv = notify.command;
      request.stdin_data = message + "\n";
      request.deadline = deadline;
      request.grace = ctx.settings.kill_grace;
      ran = RunChild(request);
    }
    if (ran.ok() && ran->exit_code == 0) return Status::Ok();
    std::string why = notify.command[0] + ": " + (ran.ok() ? "exit " + std::to_string(ran->exit_code) : ran.status().message());
    // The command's own sysexits word on whether to try again.
    bool transient = ran.ok() && (ran->exit_code == static_cast<int>(ExitCode::kTempFail) || ran->timed_out);
    failed(transient ? Status::TempFail(why) : Status::Unavailable(why));
  }
  return failure;
}

// evt.notify(message, {key = ..., severity = "info"|"warning"|"critical", required = bool})
// With `required`, a message no transport delivered ends the run with the
// delivery's exit code (69, 75, or 78 when nothing is configured); one the
// dedup window holds back is not a failure.
int Notify(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.notify");
  std::string raw = ArgString(L, 1, ctx, "evt.notify: message");
  CheckOptKeys(L, 2, ctx, "evt.notify", {"key", "severity", "required"});
  std::string key = raw;
  if (OptField(L, 2, "key") != LUA_TNIL) key = ArgString(L, -1, ctx, "evt.notify: key");
  lua_pop(L, 1);
  std::string severity = "warning";
  if (OptField(L, 2, "severity") != LUA_TNIL) severity = ArgString(L, -1, ctx, "evt.notify: severity");
  lua_pop(L, 1);
  if (severity != "info" && severity != "warning" && severity != "critical") {
    Raise(L, ctx, "evt.notify: severity: expected info, warning or critical, got \"" + severity + "\"");
  }
  bool required = OptField(L, 2, "required") != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  Status undelivered;
  std::string message = ctx.redactor.Apply(raw);
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = CurrentStep(ctx);
  entry.argv = Value::array({Value("notify"), Value(message)});
  entry.dry_run = ctx.dry_run;
  bool delivered = false;
  if (ctx.dry_run) {
    ctx.Log("dry run", "would notify: " + message);
  } else if (!ctx.settings.notify.configured()) {
    ctx.Log("warning", "notify: no transport in runbook.notify of the config; not sent: " + message);
    undelivered = Status::Config("notify: no transport in runbook.notify of the config (" +
                                 std::string(kNotifyTransports) + "); not sent: " + message);
  } else {
    Result<bool> fresh = ctx.audit->ClaimNotification(ContentHash(ctx.runbook + "\n" + key), ctx.Now(),
                                                      ctx.settings.notify.dedup_window);
    Audited(L, ctx, fresh.status());
    if (!*fresh) {
      ctx.Log("info", "notify: already sent within " + FormatDuration(ctx.settings.notify.dedup_window) + ": " +
                          message);
    } else {
      undelivered = Deliver(ctx, message, severity);
      delivered = undelivered.ok();
      entry.code = delivered ? 0 : 1;
    }
  }
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  if (required && !undelivered.ok()) {
    // A pcall cannot turn a page that did not go out into a success.
    if (ctx.fatal.ok()) ctx.fatal = Status::WithCode(undelivered.code(), ctx.redactor.Apply(undelivered.message()));
    Raise(L, ctx, undelivered.message());
  }
  lua_pushboolean(L, delivered);
  return 1;
}

std::string Concatenated(lua_State* L) {
  std::string text;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    std::size_t size = 0;
    const char* s = luaL_tolstring(L, i, &size);
    if (i > 1) text += ' ';
    text.append(s, size);
    lua_pop(L, 1);
  }
  return text;
}

int LogInfo(lua_State* L) {
  Ctx(L).Log("info", Concatenated(L));
  return 0;
}
int LogWarn(lua_State* L) {
  Ctx(L).Log("warning", Concatenated(L));
  return 0;
}
int LogError(lua_State* L) {
  Ctx(L).Log("error", Concatenated(L));
  return 0;
}

int Now(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(Ctx(L).Now().time_since_epoch().count()));
  return 1;
}

// evt.emit(record, text): a record of the runbook's own (preflight's
// matrix) on stdout: the record where stdout takes records, `text` on a
// terminal. evt sets "ts", "run_id" and "runbook", and "v" to 1 unless
// given; secrets are redacted from both.
int Emit(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.emit");
  Result<Value> given = ToValue(L, 1);
  if (!given.ok()) Raise(L, ctx, "evt.emit: record: " + given.status().message());
  const Value* kind = given->is_object() ? given->find("kind") : nullptr;
  if (kind == nullptr || !kind->is_string() || kind->as_string().empty())
    Raise(L, ctx, "evt.emit: expected a record, a table with a \"kind\"");
  std::string text = lua_isnoneornil(L, 2) ? "" : ArgString(L, 2, ctx, "evt.emit: text");
  const Value* v = given->find("v");
  Value record = Value::object({{"kind", *kind},
                                {"v", v != nullptr ? *v : Value(1)},
                                {"ts", FormatRfc3339(ctx.Now())},
                                {"run_id", ctx.run_id},
                                {"runbook", ctx.runbook}});
  for (const auto& [key, value] : given->as_object())
    if (!record.find(key)) record.set(key, value);
  Status written = ctx.sink->Emit(ctx.redactor.ApplyToValue(record), ValidUtf8(ctx.redactor.Apply(text)));
  if (!written.ok()) Raise(L, ctx, "evt.emit: " + written.message());
  return 0;
}

int JsonEncode(lua_State* L) {
  RunContext& ctx = Ctx(L);
  Result<Value> v = ToValue(L, 1);
  if (!v.ok()) Raise(L, ctx, "evt.json.encode: " + v.status().message());
  Result<std::string> text = ToJson(*v);
  if (!text.ok()) Raise(L, ctx, "evt.json.encode: " + text.status().message());
  lua_pushlstring(L, text->data(), text->size());
  return 1;
}

int JsonDecode(lua_State* L) {
  RunContext& ctx = Ctx(L);
  std::string text = ArgString(L, 1, ctx, "evt.json.decode");
  Result<Value> v = ParseJson(text, "evt.json.decode");
  if (!v.ok()) Raise(L, ctx, v.status().message());
  PushValue(L, *v);
  return 1;
}

// evt.config(): the runbook's own settings (runbooks.NAME); evt.config("site")
// or evt.config("price"): that part of the site's config.
int ConfigSection(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.config");
  const Value* document = ctx.config != nullptr ? &ctx.config->document() : nullptr;
  if (lua_isnoneornil(L, 1)) {
    const Value* runbooks = document != nullptr ? document->find("runbooks") : nullptr;
    const Value* own = runbooks != nullptr ? runbooks->find(ctx.runbook) : nullptr;
    PushValue(L, own != nullptr ? *own : Value::object());
    return 1;
  }
  std::string name = ArgString(L, 1, ctx, "evt.config: section");
  bool known = name == "site";
  for (std::string_view section : kConfigSections) known = known || name == section;
  if (!known) Raise(L, ctx, "evt.config: \"" + name + "\" is not a section of the config");
  const Value* section = document != nullptr ? document->find(name) : nullptr;
  PushValue(L, section != nullptr ? *section : Value::object());
  return 1;
}

int Var(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.var");
  std::string name = ArgString(L, 1, ctx, "evt.var: name");
  if (std::find(ctx.declared_params.begin(), ctx.declared_params.end(), name) == ctx.declared_params.end()) {
    std::string list;
    for (const std::string& p : ctx.declared_params) list += (list.empty() ? "" : ", ") + p;
    Raise(L, ctx, "evt.var: \"" + name + "\" is not a parameter in the runbook's header (params: " +
                      (list.empty() ? "none" : list) + ")");
  }
  auto it = ctx.vars.find(name);
  if (it == ctx.vars.end()) {
    lua_pushnil(L);
  } else {
    lua_pushlstring(L, it->second.data(), it->second.size());
  }
  return 1;
}

// evt.secret(name): the spec at runbooks.NAME.<name> of the config (a dotted
// path: "webhook.secret"), else the environment variable <name> when
// runbook.secret_env allows it: a runbook must not read every variable of
// whoever runs it (cloud keys, tokens) just by naming them.
int SecretValue(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.secret");
  std::string name = ArgString(L, 1, ctx, "evt.secret: name");
  const Value* spec = nullptr;
  std::string where;
  if (ctx.config != nullptr) {
    const Value* runbooks = ctx.config->document().find("runbooks");
    spec = runbooks != nullptr ? runbooks->find(ctx.runbook) : nullptr;
    where = ctx.config->path() + ": /runbooks/" + ctx.runbook;
    std::stringstream parts(name);
    std::string part;
    while (spec != nullptr && std::getline(parts, part, '.')) {
      spec = spec->find(part);
      where += "/" + part;
    }
  }
  std::string value;
  if (spec != nullptr) {
    Result<Secret> secret = ResolveSecret(*spec, where, ctx.config->folder(), ctx.environment.env);
    if (!secret.ok()) Raise(L, ctx, "evt.secret: " + secret.status().message());
    value = secret->bytes();
  } else {
    const auto& allowed = ctx.settings.secret_env;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      Raise(L, ctx, "evt.secret: \"" + name + "\": not under /runbooks/" + ctx.runbook +
                        " of the config, and not an environment variable runbook.secret_env of the config allows");
    }
    const char* env = IsEnvName(name) ? ctx.environment.env(name.c_str()) : nullptr;
    if (env == nullptr || *env == '\0') {
      Raise(L, ctx, "evt.secret: \"" + name + "\": not under /runbooks/" + ctx.runbook +
                        " of the config, and no environment variable of that name is set");
    }
    value = env;
  }
  ctx.redactor.Add(value);
  lua_pushlstring(L, value.data(), value.size());
  return 1;
}

struct ApiFunction {
  const char* name;
  lua_CFunction function;
};

constexpr ApiFunction kTopLevel[] = {
    {"tool", Guarded<Tool>},   {"exec", Guarded<Exec>},         {"step", Guarded<Step>},
    {"confirm", Guarded<Confirm>}, {"sleep", Guarded<Sleep>},   {"now", Now}, {"notify", Guarded<Notify>},
    {"emit", Guarded<Emit>},
    {"config", Guarded<ConfigSection>}, {"var", Guarded<Var>}, {"secret", Guarded<SecretValue>}};
constexpr ApiFunction kLog[] = {{"info", Guarded<LogInfo>}, {"warn", Guarded<LogWarn>}, {"error", Guarded<LogError>}};
constexpr ApiFunction kJson[] = {{"encode", Guarded<JsonEncode>}, {"decode", Guarded<JsonDecode>}};

template <std::size_t N>
void PushFunctions(lua_State* L, RunContext& ctx, const ApiFunction (&functions)[N], const char* prefix) {
  lua_newtable(L);
  for (const ApiFunction& f : functions) {
    lua_pushlightuserdata(L, &ctx);
    lua_pushcclosure(L, f.function, 1);
    lua_setfield(L, -2, f.name);
  }
  (void)prefix;
}

}  // namespace

void RunContext::Log(std::string_view level, std::string_view text) {
  std::string line = ProgramName() + ": " + runbook + ": " + std::string(level) + ": " + redactor.Apply(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  auto write = [&] {
    std::fprintf(environment.log, "%s\n", line.c_str());
    std::fflush(environment.log);
  };
  if (sink != nullptr) {
    sink->Aside(write);
  } else {
    write();
  }
}

TimePoint RunContext::Now() const { return environment.clock->Now(); }

bool RunContext::InAlwaysStep() const { return !open_steps.empty() && open_steps.back().always; }

void InstallEvtApi(Sandbox& sandbox, RunContext& context) {
  lua_State* L = sandbox.state();
  context.sandbox = &sandbox;
  PushFunctions(L, context, kTopLevel, "evt");
  PushFunctions(L, context, kLog, "evt.log");
  MakeReadOnly(L, "evt.log");
  lua_setfield(L, -2, "log");
  PushFunctions(L, context, kJson, "evt.json");
  MakeReadOnly(L, "evt.json");
  lua_setfield(L, -2, "json");
  lua_pushboolean(L, context.dry_run);
  lua_setfield(L, -2, "dry_run");
  MakeReadOnly(L, "evt");
  sandbox.AddGlobal("evt");
}

const std::vector<std::string>& EvtApiNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const ApiFunction& f : kTopLevel) names.push_back(f.name);
    for (const ApiFunction& f : kLog) names.push_back(std::string("log.") + f.name);
    for (const ApiFunction& f : kJson) names.push_back(std::string("json.") + f.name);
    names.push_back("log");
    names.push_back("json");
    names.push_back("dry_run");
    return names;
  }();
  return kNames;
}

}  // namespace evt::runbook
