// What a run is given to read: its part of the site's config, the
// parameters its header declares, and the secrets the operator's config
// lets it have.
#pragma once

#include <lua.h>

namespace evt::runbook {

// evt.config(): the runbook's own settings (runbooks.NAME); evt.config("site")
// or evt.config("price"): that part of the site's config.
int EvtConfig(lua_State* L);

// evt.var(name): a parameter of the runbook's header, from --var or its
// default; nil when it has neither.
int EvtVar(lua_State* L);

// evt.secret(name): the spec at runbooks.NAME.<name> of the config (a dotted
// path: "webhook.secret"), else the environment variable <name> when
// runbook.secret_env allows it: a runbook must not read every variable of
// whoever runs it (cloud keys, tokens) just by naming them. The value is
// redacted from everything the run writes from then on.
int EvtSecret(lua_State* L);

}  // namespace evt::runbook
