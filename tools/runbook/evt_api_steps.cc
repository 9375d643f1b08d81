#include "tools/runbook/evt_api_steps.h"

#include <lauxlib.h>
#include <poll.h>

#include <algorithm>
#include <chrono>

#include "common/json_writer.h"
#include "common/process_state.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/step_rules.h"

namespace evt::runbook {
namespace {

// Waits `d`, or less when a deadline or a stop comes first (then raises).
void SleepFor(lua_State* L, RunContext& ctx, Duration d) {
  SteadyTime until = std::chrono::steady_clock::now() + d;
  if (auto deadline = ctx.sandbox->EffectiveDeadline(); deadline && *deadline < until) until = *deadline;
  while (!StopRequested()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd fd{StopWakeupFd(), POLLIN, 0};
    ::poll(&fd, StopWakeupFd() >= 0 ? 1 : 0, static_cast<int>(std::min<long long>(left, 1000)));
  }
  ctx.sandbox->CheckLimits();
  (void)L;
  ThrowIfTerminating(ctx);
}

void RecordStepStart(lua_State* L, RunContext& ctx, const StepEntry& step, bool always) {
  Audited(L, ctx, ctx.audit->BeginStep(ctx.run_id, step));
  Value started = Value::object({{"run_id", ctx.run_id},
                                 {"runbook", ctx.runbook},
                                 {"seq", step.seq},
                                 {"step", step.name},
                                 {"depth", ctx.progress.Depth()},
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
  record.set("depth", ctx.progress.Depth());
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
  if (!written.ok() && !ReaderGone()) ctx.Log(LogLevel::kWarning, "step record not written: " + written.message());
}

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

// One call of the step's function (at index 2) under the step's timeout;
// on success, *results is how many values it returned.
Attempt TryOnce(lua_State* L, RunContext& ctx, const StepOptions& options, int* results) {
  int depth = ctx.sandbox->PushStepDeadline(options.AttemptDeadline(std::chrono::steady_clock::now()));
  int base = lua_gettop(L);
  lua_pushvalue(L, 2);
  int status = lua_pcall(L, 0, LUA_MULTRET, 0);
  ctx.sandbox->PopStepDeadline(depth);
  if (status == LUA_OK) {
    *results = lua_gettop(L) - base;
    return {true, "", false};
  }
  std::string error;
  if (ctx.sandbox->ClearExpiredStep(depth)) {
    error = options.TimedOut();
  } else {
    error = lua_tostring(L, -1) != nullptr ? lua_tostring(L, -1) : "(error object is not a string)";
  }
  lua_settop(L, base);
  // A run limit ends the run: no retry, no cleanup here.
  return {false, ToValidUtf8(ctx.redactor.Apply(error)), ctx.sandbox->terminating()};
}

}  // namespace

int EvtSleep(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.sleep");
  Duration d = DurationArg(L, 1, ctx, "evt.sleep");
  if (ctx.dry_run) {
    ctx.Log(LogLevel::kDryRun, "would sleep " + FormatDuration(d));
    return 0;
  }
  SleepFor(L, ctx, d);
  return 0;
}

int EvtStep(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.step");
  std::string name = ctx.redactor.Apply(ArgString(L, 1, ctx, "evt.step: name"));
  if (std::string quoted; !AppendJsonString(quoted, name).ok()) Raise(L, ctx, "evt.step: name: invalid UTF-8");
  if (lua_type(L, 2) != LUA_TFUNCTION) {
    Raise(L, ctx, "evt.step: expected a function after the name, got a " + std::string(luaL_typename(L, 2)));
  }
  StepOptions options = ReadStepOptions(L, ctx);
  std::optional<std::int64_t> parent = ctx.progress.Current();

  StepEntry step;
  step.seq = ctx.progress.NextSeq();
  step.name = name;
  step.started_at = ctx.Now();
  if (ctx.progress.Skips(options)) {
    step.outcome = "skipped";
    step.error = "an earlier step failed";
    RecordStepStart(L, ctx, step, false);
    RecordStepEnd(L, ctx, step, false, Value::array(), parent);
    lua_pushnil(L);
    lua_pushliteral(L, "skipped: an earlier step failed");
    return 2;
  }
  RecordStepStart(L, ctx, step, options.always);
  SteadyTime start = ctx.environment.clock->Monotonic();
  int results = 0;
  StepResult result = ctx.progress.Run(
      step.seq, name, options, [&] { return TryOnce(L, ctx, options, &results); },
      [&](std::int64_t attempt, const std::string& error) {
        ctx.Log(LogLevel::kWarning, "step \"" + name + "\" attempt " + std::to_string(attempt) + " failed: " + error +
                               "; retrying in " + FormatDuration(options.delay));
        SleepFor(L, ctx, options.delay);
      });
  step.attempts = result.attempts;
  step.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.environment.clock->Monotonic() - start).count();
  step.outcome = result.ok ? "ok" : "failed";
  step.error = result.error;
  RecordStepEnd(L, ctx, step, options.always, result.pending, parent);
  ThrowIfTerminating(ctx);
  if (!result.ok) {
    lua_pushnil(L);
    lua_pushlstring(L, result.error.data(), result.error.size());
    return 2;
  }
  return results;
}

}  // namespace evt::runbook
