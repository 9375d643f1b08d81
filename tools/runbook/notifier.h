// evt.notify: telling on-call through the transports the operator's config
// names, `runbook.notify`:
//   "notify": {
//     "webhook": { "url": "https://hooks.example.net/oncall",
//                  "secret": {"env": "ONCALL_HOOK"}, "timeout": "5s" },
//     "command": ["notify-send", "evt"],     message on its stdin
//     "dedup_window": "10m"                  the same key at most once per window
//   }
// The webhook is a JSON POST signed with HMAC-SHA256 of the body under the
// secret, in "X-Evt-Signature: sha256=HEX". A failure is reported, never
// fatal: a runbook must not fail because the pager did.
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

// Reads `notify` from the `runbook` section (absent: nothing configured).
Result<NotifySettings> ReadNotifySettings(const ConfigObject& section);

// "sha256=" and the hex HMAC-SHA256 of `body` under `key`.
std::string WebhookSignature(const std::string& key, const std::string& body);

// POSTs `body` (JSON) to the webhook, within `deadline`. Unavailable naming
// the URL and why when it fails or answers other than 2xx.
Status PostWebhook(const WebhookTransport& webhook, const std::string& body,
                   std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace evt::runbook
