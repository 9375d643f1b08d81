// Closing stdout on the way out, as gnulib's close_stdout does: output sits
// in a buffer until then, so a full disk or a failing device is only seen
// here, and a tool that did not look would exit 0 having lost its output.
#pragma once

#include "common/status.h"

namespace evt {

// Flushes std::cout and stdout and closes file descriptor 1. Returns
// IoErr("write error: no space left on device") if any write to stdout failed, now or
// earlier; OK when everything reached the kernel, and also when the reader
// went away (ReaderGone() or EPIPE): a filter whose reader has read enough
// ends quietly.
// REQUIRES: nothing writes to stdout afterwards (the process is exiting).
Status CloseStdout();

}  // namespace evt
