// evt.notify: telling on-call through the transports the operator's config
// names, `runbook.notify`: one key per transport (a new transport adds its
// own key beside these), at least one of them, and the settings they share:
//   "notify": {
//     "webhook": { "url": "https://hooks.example.net/oncall",
//                  "secret": {"env": "ONCALL_HOOK"}, "timeout": "5s" },
//     "command": ["notify-send", "evt"],     message on its stdin
//     "dedup_window": "10m"                  the same key at most once per window
//   }
// The webhook is a JSON POST signed with HMAC-SHA256 of the body under the
// secret, in "X-Evt-Signature: sha256=HEX". A failure is reported, and
// fatal only to a runbook that asks for delivery (notify-oncall): a runbook
// must not fail because the pager did. A failed delivery is Unavailable
// (69), or TempFail (75) when trying again later may deliver.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/secret.h"
#include "common/status.h"

namespace evt::runbook {

struct WebhookTransport {
  std::string url;
  std::optional<Secret> secret;
  Duration timeout{5000};
};

struct NotifySettings {
  std::optional<WebhookTransport> webhook;
  std::vector<std::string> command;
  Duration dedup_window{10 * 60 * 1000};
  bool configured() const { return webhook.has_value() || !command.empty(); }
};

// The transports `notify` may hold, for messages.
inline constexpr const char* kNotifyTransports = "webhook, command";

// Reads `notify` from the `runbook` section (absent: nothing configured;
// present without a transport: Config).
Result<NotifySettings> ReadNotifySettings(const ConfigObject& section);

// "sha256=" and the hex HMAC-SHA256 of `body` under `key`.
std::string WebhookSignature(const std::string& key, const std::string& body);

// POSTs `body` (JSON) to the webhook, within `deadline`. When it fails or
// answers other than 2xx, the URL and why: TempFail for what may pass
// (no connection, a timeout, 5xx, 408, 429), else Unavailable.
Status PostWebhook(const WebhookTransport& webhook, const std::string& body,
                   std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace evt::runbook
