#include "tools/runbook/evt_api_calls.h"

#include <algorithm>
#include <chrono>

#include "common/child_process.h"
#include "common/exit_code.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/lua_value.h"
#include "tools/runbook/probe_requests.h"
#include "tools/runbook/program_path.h"

namespace evt::runbook {
namespace {

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

const CommandTable& Commands(RunContext& ctx) {
  if (!ctx.commands) {
    const RunEnvironment& env = ctx.environment;
    Result<CommandTable> table =
        CommandTable::Load(env.command_table.empty() ? DefaultCommandTablePath(env.self_dir) : env.command_table);
    if (!table.ok()) {
      ctx.Log(LogLevel::kWarning, "dry run: " + table.status().message() + ": every evt.tool call counts as mutating");
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

// A call's result as the runbook sees it; `dry_run` marks one a dry run
// did not make, or made with the tool's own --dry-run.
void PushResult(lua_State* L, const ChildResult& result, int code, bool dry_run) {
  lua_newtable(L);
  if (dry_run) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "dry_run");
  }
  lua_pushinteger(L, code);
  lua_setfield(L, -2, "code");
  PushRecords(L, result.out);
  lua_setfield(L, -2, "records");
  lua_pushlstring(L, result.out.data(), result.out.size());
  lua_setfield(L, -2, "stdout");
  lua_pushlstring(L, result.err.data(), result.err.size());
  lua_setfield(L, -2, "stderr");
  lua_pushinteger(L, static_cast<lua_Integer>(result.elapsed.count()));
  lua_setfield(L, -2, "ms");
  lua_pushboolean(L, result.timed_out);
  lua_setfield(L, -2, "timed_out");
}

// A mutating call in a dry run: shown, counted, audited, not run.
int ShowOnly(lua_State* L, RunContext& ctx, const ProgramCall& call, CallEntry& entry) {
  std::string shown = ctx.redactor.Apply(Joined(call.argv));
  ctx.progress.NotePending(shown);
  ctx.Log(LogLevel::kDryRun, "would run: " + shown);
  entry.dry_run = true;
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  // The shape of a real result, so code that reads r.code or r.records
  // goes on working in a dry run (Ansible's check mode breaks there).
  PushResult(L, ChildResult{}, 0, true);
  return 1;
}

// The call under the earliest of its own timeout, the step's and the run's.
ChildRequest RequestFor(const RunContext& ctx, const ProgramCall& call) {
  ChildRequest request;
  request.path = call.path;
  request.argv = call.argv;
  request.stdin_data = call.stdin_data;
  request.deadline = ctx.sandbox->EffectiveDeadline();
  request.grace = ctx.settings.kill_grace;
  request.env = call.env;
  if (call.timeout) {
    SteadyTime own = std::chrono::steady_clock::now() + *call.timeout;
    if (!request.deadline || own < *request.deadline) request.deadline = own;
  }
  return request;
}

// Runs (or, in a dry run, only shows) a program and pushes its result.
int RunProgram(lua_State* L, RunContext& ctx, const ProgramCall& call) {
  if (ctx.progress.failed() && !ctx.progress.InAlwaysStep()) {
    Raise(L, ctx, call.what + " after a failed step: only steps with always = true may run programs now");
  }
  Value argv = Value::array();
  for (const std::string& arg : call.argv) argv.push_back(ctx.redactor.Apply(arg));
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = ctx.progress.Current();
  entry.argv = argv;
  if (ctx.dry_run && call.mutates) return ShowOnly(L, ctx, call, entry);
  Result<ChildResult> result = RunChild(RequestFor(ctx, call));
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
    ctx.progress.NotePending(shown);
    ctx.Log(LogLevel::kDryRun, "changes pending: " + shown);
    code = 0;  // as for a call not run: code that checks r.code goes on
  }
  PushResult(L, *result, code, call.tool_dry_run);
  return 1;
}

}  // namespace

int EvtTool(lua_State* L) {
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
  call.argv.push_back(EvtBinaryName(name));
  call.argv.insert(call.argv.end(), args.begin(), args.end());
  call.stdin_data = StdinData(L, 3, ctx, "evt.tool");
  call.env = EnvData(L, 3, ctx, "evt.tool");
  // mutates = true makes a call count as mutating; mutates = false cannot
  // make one run that its tool does not declare read-only.
  PlanDryRun(ctx, args, OptBool(L, 3, ctx, "mutates", "evt.tool").value_or(false), call);
  call.timeout = OptDuration(L, 3, ctx, "timeout", "evt.tool");
  return RunProgram(L, ctx, call);
}

int EvtExec(lua_State* L) {
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

}  // namespace evt::runbook
