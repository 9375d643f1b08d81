// The `evt` table: everything a runbook can do beyond computing. The
// functions with rules of their own live in evt_api_calls (tool, exec),
// evt_api_steps (step, sleep), evt_api_notify and evt_api_config; the
// small ones are here.
#include "tools/runbook/evt_api.h"

#include <lauxlib.h>
#include <lua.h>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/utf8.h"
#include "tools/runbook/evt_api_calls.h"
#include "tools/runbook/evt_api_config.h"
#include "tools/runbook/evt_api_notify.h"
#include "tools/runbook/evt_api_steps.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/lua_value.h"

namespace evt::runbook {
namespace {

int Confirm(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.confirm");
  std::string question = ArgString(L, 1, ctx, "evt.confirm: question");
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = ctx.progress.Current();
  entry.argv = Value::array({"confirm", ctx.redactor.Apply(question)});
  entry.dry_run = ctx.dry_run;
  bool confirmed = false;
  std::string refusal;
  if (ctx.dry_run) {
    ctx.Log(LogLevel::kDryRun, "would ask: " + question);
    confirmed = true;
  } else if (ctx.yes) {
    ctx.Log(LogLevel::kInfo, "confirmed by --yes: " + question);
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
  Ctx(L).Log(LogLevel::kInfo, Concatenated(L));
  return 0;
}
int LogWarn(lua_State* L) {
  Ctx(L).Log(LogLevel::kWarning, Concatenated(L));
  return 0;
}
int LogError(lua_State* L) {
  Ctx(L).Log(LogLevel::kError, Concatenated(L));
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
  Status written = ctx.sink->Emit(ctx.redactor.ApplyToValue(record), ToValidUtf8(ctx.redactor.Apply(text)));
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

struct ApiFunction {
  const char* name;
  lua_CFunction function;
};

constexpr ApiFunction kTopLevel[] = {
    {"tool", Guarded<EvtTool>},     {"exec", Guarded<EvtExec>},   {"step", Guarded<EvtStep>},
    {"confirm", Guarded<Confirm>},  {"sleep", Guarded<EvtSleep>}, {"now", Now},
    {"notify", Guarded<EvtNotify>}, {"emit", Guarded<Emit>},      {"config", Guarded<EvtConfig>},
    {"var", Guarded<EvtVar>},       {"secret", Guarded<EvtSecret>}};
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
