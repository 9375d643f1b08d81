// evt.tool and evt.exec: a program run for the runbook, without a shell,
// its records, output, exit code and duration returned and each call in
// the audit log. In a dry run a call the command-access table does not
// know to be read-only is only shown (or run with the tool's own
// --dry-run), and counted as a change pending.
#pragma once

#include <lua.h>

namespace evt::runbook {

// evt.tool(name, args, {stdin, env, mutates, timeout}): evt-NAME, found
// beside evt-runbook first.
int EvtTool(lua_State* L);

// evt.exec(argv, {stdin, env, mutates, timeout}): only programs the
// operator's config lists in runbook.allow_exec.
int EvtExec(lua_State* L);

}  // namespace evt::runbook
