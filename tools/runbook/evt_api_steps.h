// evt.step and evt.sleep: the Lua side of a step (its arguments, its
// function under the step's deadline, its records in the audit log and on
// stdout) around the rules step_rules.h keeps, and waiting that a deadline
// or a stop cuts short.
#pragma once

#include <lua.h>

namespace evt::runbook {

// evt.step(name, fn, {retry = n, delay = d, timeout = d, always = bool}):
// fn's results, or nil and the error when the step failed or was skipped.
int EvtStep(lua_State* L);

// evt.sleep(d): waits, or only says so in a dry run.
int EvtSleep(lua_State* L);

}  // namespace evt::runbook
