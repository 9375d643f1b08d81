// `evt __complete WORD...`: evt's own completion (common/cli_complete.h)
// with the tools it runs offered beside its commands at the first word; a
// line that starts with a tool's name goes to that tool's own __complete,
// so `evt runbook run <TAB>` offers what `evt-runbook run <TAB>` does.
#pragma once

namespace evt::front {

// Prints the candidates for argv[2..] and returns 0; for a line that names
// a tool, replaces this process with `evt-TOOL __complete WORD...` (found
// as DispatchTool finds it), or prints nothing when there is no such tool.
// REQUIRES: IsCompleteRequest(argc, argv) (common/cli_complete.h).
int CompleteFrontDoor(int argc, char** argv);

}  // namespace evt::front
