#include "common/signals.h"

#include <csignal>

#include "common/process_state.h"

namespace evt {
namespace {

void OnStopSignal(int signal_number) { RequestStop(signal_number); }

void SetAction(int signal_number, void (*handler)(int), int flags) {
  struct sigaction action {};
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
}

bool IsIgnored(int signal_number) {
  struct sigaction current {};
  return sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}

void HandleStopSignal(int signal_number) {
  // A shell starts `tool &` with SIGINT ignored so that Ctrl-C meant for the
  // foreground job spares it; like coreutils, keep a signal ignored if it
  // was ignored when we started.
  if (IsIgnored(signal_number)) return;
  // No SA_RESTART: a blocked read must return EINTR so the tool notices.
  SetAction(signal_number, OnStopSignal, SA_RESETHAND);
}

}  // namespace

void InstallSignalHandlers() {
  EnableStopWakeup();
  SetAction(SIGPIPE, SIG_IGN, 0);
  HandleStopSignal(SIGINT);
  HandleStopSignal(SIGTERM);
}

void RestoreDefaultSignals() {
  SetAction(SIGPIPE, SIG_DFL, 0);
  SetAction(SIGINT, SIG_DFL, 0);
  SetAction(SIGTERM, SIG_DFL, 0);
}

}  // namespace evt
