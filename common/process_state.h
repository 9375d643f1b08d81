// Process-wide facts that the signal handlers, the record writer and the
// exit path share: whether SIGINT/SIGTERM asked us to stop, and whether the
// reader of stdout went away (EPIPE). Async-signal-safe to set.
#pragma once

#include <chrono>

namespace evt {

// Called from the SIGINT/SIGTERM handler: the tool finishes the current
// record, commits, and exits 130/143.
void RequestStop(int signal_number);
bool StopRequested();

// Makes a stop wake any poll(2) on StopWakeupFd(), closing the window
// between checking StopRequested() and blocking. InstallSignalHandlers()
// calls it. StopWakeupFd() is -1 until then; once a stop is requested the
// fd stays readable.
void EnableStopWakeup();
int StopWakeupFd();

// Waits `duration` (an --interval between probes, say) unless a stop is
// requested first, or comes during the wait. True when the full time
// passed, false when the tool should stop.
bool SleepUnlessStopRequested(std::chrono::milliseconds duration);
// The signal that asked us to stop, or 0.
int StopSignal();

// Called when a write to stdout fails with EPIPE: the tool ends quietly with
// exit 0, as a Unix filter does when `head` has read enough.
void MarkReaderGone();
bool ReaderGone();

// For tests that run several scenarios in one process.
void ResetProcessStateForTesting();

}  // namespace evt
