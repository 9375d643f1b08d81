#include "tools/runbook/evt_api_config.h"

#include <algorithm>
#include <sstream>

#include "common/secret.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/lua_value.h"

namespace evt::runbook {

int EvtConfig(lua_State* L) {
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

int EvtVar(lua_State* L) {
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

int EvtSecret(lua_State* L) {
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

}  // namespace evt::runbook
