// The signal behaviour doc/design.md §8.1 promises: SIGPIPE ends a tool quietly when
// its reader went away; SIGINT and SIGTERM let it finish the current record,
// commit, and exit 130/143.
#pragma once

namespace evt {

// Installs, for the whole process:
// - SIGPIPE ignored, so a write to a closed pipe fails with EPIPE and the
//   record writer can MarkReaderGone() and the tool end with 0;
// - SIGINT and SIGTERM handlers that only RequestStop(signal). They are
//   installed without SA_RESTART, so a read(2) blocked on a quiet pipe
//   returns EINTR and the tool gets to finish, commit and exit. They reset
//   to the default action once fired: a second Ctrl-C kills a tool that is
//   stuck instead of being ignored. A stop signal that was already ignored
//   when the tool started (`tool &` in a script) stays ignored.
// Call it once, at start-up.
void InstallSignalHandlers();

// Restores the default action of SIGPIPE, SIGINT and SIGTERM. Ignored
// signals survive exec, so a tool that starts another program calls this in
// the child, between fork and exec (it is async-signal-safe), so that
// program gets the SIGPIPE it expects.
void RestoreDefaultSignals();

}  // namespace evt
