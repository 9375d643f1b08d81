// evt.notify: telling on-call through the transports the operator's config
// names, `runbook.notify`: one key per transport, at least one of them, and
// the settings they share (doc/design.md §9.4):
//   "notify": {
//     "webhook": { "url": "https://hooks.example.net/oncall",
//                  "secret": {"env": "ONCALL_HOOK"}, "timeout": "5s" },
//     "alertmanager": { "url": "http://127.0.0.1:9093",
//                       "token": {"env": "AM_TOKEN"} },  POST /api/v2/alerts
//     "ntfy": { "url": "https://ntfy.example.net", "topic": "gate-oncall",
//               "token": {"file": "ntfy.token"} },
//     "slack": { "url": {"env": "SLACK_HOOK_URL"} },  the URL is the secret
//     "matrix": { "homeserver": "https://matrix.example.net",
//                 "room": "!oncall:example.net", "token": {"env": "MATRIX_TOKEN"} },
//     "command": ["notify-send", "evt"],     or {"argv": [...], "timeout": "10s"}
//     "dedup_window": "10m",                 the same key at most once per window
//     "note": "..."                          for people; read and ignored
//   }
// Every HTTP transport takes "timeout" (5s by default). What each one
// receives is built from one message (notify_message.h). The webhook is a
// JSON POST signed with HMAC-SHA256 of the body under the secret, in
// "X-Evt-Signature: sha256=HEX". A failure is reported, and fatal only to a
// runbook that asks for delivery (notify-oncall): a runbook must not fail
// because the pager did. A failed delivery is Unavailable (69), or TempFail
// (75) when trying again later may deliver.
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

struct AlertmanagerTransport {
  std::string url;              // the Alertmanager's base URL, without /api/v2/alerts
  std::optional<Secret> token;  // a bearer token, for one behind a proxy
  Duration timeout{5000};
};

struct NtfyTransport {
  std::string url;  // the server, e.g. https://ntfy.sh
  std::string topic;
  std::optional<Secret> token;  // a bearer token (an access token of the server)
  Duration timeout{5000};
};

struct SlackTransport {
  Secret url{"", ""};  // an incoming webhook's URL carries its credential
  Duration timeout{5000};
};

struct MatrixTransport {
  std::string homeserver;
  std::string room;  // a room ID, "!abc:example.net"
  Secret token{"", ""};
  Duration timeout{5000};
};

struct CommandTransport {
  std::vector<std::string> argv;
  // none: until the run's deadline, as before the timeout existed.
  std::optional<Duration> timeout;
};

struct NotifySettings {
  std::optional<WebhookTransport> webhook;
  std::optional<AlertmanagerTransport> alertmanager;
  std::optional<NtfyTransport> ntfy;
  std::optional<SlackTransport> slack;
  std::optional<MatrixTransport> matrix;
  std::optional<CommandTransport> command;
  Duration dedup_window{10 * 60 * 1000};
  bool configured() const {
    return webhook.has_value() || alertmanager.has_value() || ntfy.has_value() || slack.has_value() ||
           matrix.has_value() || command.has_value();
  }
};

// The transports `notify` may hold, for messages.
inline constexpr const char* kNotifyTransports = "webhook, alertmanager, ntfy, slack, matrix, command";

// Reads `notify` from the `runbook` section (absent: nothing configured;
// present without a transport: Config).
Result<NotifySettings> ReadNotifySettings(const ConfigObject& section);

// Every secret the transports hold, for the run's redactor.
std::vector<const Secret*> NotifySecrets(const NotifySettings& settings);

// "sha256=" and the hex HMAC-SHA256 of `body` under `key`.
std::string WebhookSignature(const std::string& key, const std::string& body);

// One HTTP request of a transport.
struct HttpNotice {
  std::string what;  // for messages: "ntfy https://ntfy.example.net/gate"; never a secret
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  Duration timeout{5000};
};

// Sends `notice` within `deadline`. When it fails or answers other than
// 2xx, what and why: TempFail for what may pass (no connection, a timeout,
// 5xx, 408, 429), else Unavailable.
Status SendHttp(const HttpNotice& notice, std::optional<std::chrono::steady_clock::time_point> deadline);

// POSTs `body` (JSON) to the webhook, signed when it has a secret.
Status PostWebhook(const WebhookTransport& webhook, const std::string& body,
                   std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace evt::runbook
