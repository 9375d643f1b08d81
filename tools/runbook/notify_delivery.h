// Sending one message through every transport `runbook.notify` names
// (notifier.h), each shaped by notify_message.h.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "common/duration.h"
#include "common/state_dir.h"  // EnvLookup
#include "common/status.h"
#include "tools/runbook/notifier.h"
#include "tools/runbook/notify_message.h"

namespace evt::runbook {

struct DeliveryOptions {
  std::optional<std::chrono::steady_clock::time_point> deadline;  // the run's
  Duration kill_grace{2000};                                     // for a command
  EnvLookup env = SystemEnv;                                     // finds a command on $PATH
  // Told each transport's failure (the caller logs it); the others still go.
  std::function<void(const Status&)> failed;
};

// Sends `message` through every configured transport, so a person who set
// up Slack and Alertmanager gets both. Ok when at least one delivered; else
// the failure most worth retrying (TempFail, else Unavailable).
Status DeliverNotice(const NotifySettings& settings, const NotifyMessage& message, const DeliveryOptions& options);

}  // namespace evt::runbook
