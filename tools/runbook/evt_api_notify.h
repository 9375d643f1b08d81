// evt.notify: a message to on-call through the transports of the config's
// runbook.notify (notifier.h), at most once per key and dedup window, each
// message in the audit log.
#pragma once

#include <lua.h>

namespace evt::runbook {

// evt.notify(message, {key = ..., severity = "info"|"warning"|"critical",
// required = bool, resolved = bool}): whether a transport delivered it.
// `resolved` says that what the key names is over (Alertmanager ends the
// alert of that key and severity). With `required`, a
// message no transport delivered ends the run with the delivery's exit
// code (69, 75, or 78 when nothing is configured); one the dedup window
// holds back is not a failure.
int EvtNotify(lua_State* L);

}  // namespace evt::runbook
