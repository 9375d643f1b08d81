#include "common/process_state.h"

#include <atomic>
#include <csignal>

namespace evt {
namespace {
// sig_atomic_t-sized lock-free atomics are what a signal handler may touch.
std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_reader_gone{false};
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);
}  // namespace

void RequestStop(int signal_number) { g_stop_signal.store(signal_number, std::memory_order_relaxed); }
bool StopRequested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }
int StopSignal() { return g_stop_signal.load(std::memory_order_relaxed); }
void MarkReaderGone() { g_reader_gone.store(true, std::memory_order_relaxed); }
bool ReaderGone() { return g_reader_gone.load(std::memory_order_relaxed); }

void ResetProcessStateForTesting() {
  g_stop_signal.store(0);
  g_reader_gone.store(false);
}

}  // namespace evt
