// Reading `runbook.notify` (notifier.h): each transport its own object,
// every error Config (78) naming the key.
#include <cctype>
#include <string_view>

#include "tools/runbook/notifier.h"

namespace evt::runbook {
namespace {

Result<std::string> HttpUrl(const ConfigObject& object, std::string_view key) {
  Result<std::string> url = object.String(key);
  if (!url.ok()) return url.status();
  if (!url->starts_with("https://") && !url->starts_with("http://")) {
    return object.Error(key, "expected an http:// or https:// URL");
  }
  while (url->ends_with("/")) url->pop_back();
  return url;
}

Status ReadTimeout(const ConfigObject& object, Duration& timeout) {
  Result<Duration> read = object.Duration("timeout", timeout);
  if (!read.ok()) return read.status();
  if (read->count() <= 0) return object.Error("timeout", "expected a duration above 0");
  timeout = *read;
  return Status::Ok();
}

Result<WebhookTransport> ReadWebhook(const ConfigObject& o) {
  WebhookTransport transport;
  Result<std::string> url = o.String("url");
  if (!url.ok()) return url.status();
  if (!url->starts_with("https://") && !url->starts_with("http://")) {
    return o.Error("url", "expected an http:// or https:// URL");
  }
  transport.url = *url;
  Result<std::optional<Secret>> secret = o.OptionalSecret("secret");
  if (!secret.ok()) return secret.status();
  transport.secret = std::move(*secret);
  EVT_RETURN_IF_ERROR(ReadTimeout(o, transport.timeout));
  return transport;
}

Result<AlertmanagerTransport> ReadAlertmanager(const ConfigObject& o) {
  AlertmanagerTransport transport;
  Result<std::string> url = HttpUrl(o, "url");
  if (!url.ok()) return url.status();
  if (url->ends_with("/api/v2/alerts")) {
    return o.Error("url", "expected the Alertmanager's base URL, without /api/v2/alerts");
  }
  transport.url = *url;
  Result<std::optional<Secret>> token = o.OptionalSecret("token");
  if (!token.ok()) return token.status();
  transport.token = std::move(*token);
  EVT_RETURN_IF_ERROR(ReadTimeout(o, transport.timeout));
  return transport;
}

Result<NtfyTransport> ReadNtfy(const ConfigObject& o) {
  NtfyTransport transport;
  Result<std::string> url = HttpUrl(o, "url");
  if (!url.ok()) return url.status();
  transport.url = *url;
  Result<std::string> topic = o.String("topic");
  if (!topic.ok()) return topic.status();
  // ntfy's topic names: letters, digits, "-" and "_", up to 64 of them.
  bool valid = !topic->empty() && topic->size() <= 64;
  for (char c : *topic) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  if (!valid) return o.Error("topic", "expected 1 to 64 letters, digits, '-' or '_', got \"" + *topic + "\"");
  transport.topic = *topic;
  Result<std::optional<Secret>> token = o.OptionalSecret("token");
  if (!token.ok()) return token.status();
  transport.token = std::move(*token);
  EVT_RETURN_IF_ERROR(ReadTimeout(o, transport.timeout));
  return transport;
}

Result<SlackTransport> ReadSlack(const ConfigObject& o) {
  SlackTransport transport;
  Result<Secret> url = o.Secret("url");
  if (!url.ok()) return url.status();
  if (!url->bytes().starts_with("https://") && !url->bytes().starts_with("http://")) {
    return o.Error("url", url->Redacted() + ": expected an http:// or https:// URL");
  }
  transport.url = std::move(*url);
  EVT_RETURN_IF_ERROR(ReadTimeout(o, transport.timeout));
  return transport;
}

Result<MatrixTransport> ReadMatrix(const ConfigObject& o) {
  MatrixTransport transport;
  Result<std::string> homeserver = HttpUrl(o, "homeserver");
  if (!homeserver.ok()) return homeserver.status();
  transport.homeserver = *homeserver;
  Result<std::string> room = o.String("room");
  if (!room.ok()) return room.status();
  if (!room->starts_with("!") || room->find(':') == std::string::npos) {
    return o.Error("room", "expected a room ID such as \"!abc:example.net\", got \"" + *room + "\"");
  }
  transport.room = *room;
  Result<Secret> token = o.Secret("token");
  if (!token.ok()) return token.status();
  transport.token = std::move(*token);
  EVT_RETURN_IF_ERROR(ReadTimeout(o, transport.timeout));
  return transport;
}

// ["prog", "arg"] as before, or {"argv": [...], "timeout": "10s"}.
Result<std::optional<CommandTransport>> ReadCommand(const ConfigObject& n) {
  const Value* raw = n.Raw("command");
  if (raw == nullptr) return std::optional<CommandTransport>();
  CommandTransport transport;
  if (raw->is_object()) {
    Result<ConfigObject> o = n.Object("command");
    if (!o.ok()) return o.status();
    Result<std::vector<std::string>> argv = o->StringArray("argv");
    if (!argv.ok()) return argv.status();
    transport.argv = *argv;
    if (o->Has("timeout")) {
      Duration timeout{0};
      EVT_RETURN_IF_ERROR(ReadTimeout(*o, timeout));
      transport.timeout = timeout;
    }
    if (transport.argv.empty() || transport.argv[0].empty()) {
      return o->Error("argv", "expected a program and its arguments");
    }
    return std::optional<CommandTransport>(std::move(transport));
  }
  Result<std::vector<std::string>> argv = n.StringArray("command");
  if (!argv.ok()) return n.Error("command", "expected an argv array or {\"argv\": [...], \"timeout\": \"10s\"}");
  transport.argv = *argv;
  if (transport.argv.empty() || transport.argv[0].empty()) {
    return n.Error("command", "expected a program and its arguments");
  }
  return std::optional<CommandTransport>(std::move(transport));
}

// Reads transport `key` of `n` with `read` into `slot` when present.
template <typename T, typename Read>
Status ReadTransport(const ConfigObject& n, std::string_view key, Read read, std::optional<T>& slot) {
  Result<std::optional<ConfigObject>> object = n.OptionalObject(key);
  if (!object.ok()) return object.status();
  if (!*object) return Status::Ok();
  Result<T> transport = read(**object);
  if (!transport.ok()) return transport.status();
  slot = std::move(*transport);
  return Status::Ok();
}

}  // namespace

Result<NotifySettings> ReadNotifySettings(const ConfigObject& section) {
  NotifySettings settings;
  Result<std::optional<ConfigObject>> notify = section.OptionalObject("notify");
  if (!notify.ok()) return notify.status();
  if (!*notify) return settings;
  const ConfigObject& n = **notify;
  EVT_RETURN_IF_ERROR(ReadTransport(n, "webhook", ReadWebhook, settings.webhook));
  EVT_RETURN_IF_ERROR(ReadTransport(n, "alertmanager", ReadAlertmanager, settings.alertmanager));
  EVT_RETURN_IF_ERROR(ReadTransport(n, "ntfy", ReadNtfy, settings.ntfy));
  EVT_RETURN_IF_ERROR(ReadTransport(n, "slack", ReadSlack, settings.slack));
  EVT_RETURN_IF_ERROR(ReadTransport(n, "matrix", ReadMatrix, settings.matrix));
  Result<std::optional<CommandTransport>> command = ReadCommand(n);
  if (!command.ok()) return command.status();
  settings.command = std::move(*command);
  // For people reading the config (the example lists the transports it leaves out there).
  Result<std::string> note = n.String("note", "");
  if (!note.ok()) return note.status();
  Result<Duration> window = n.Duration("dedup_window", settings.dedup_window);
  if (!window.ok()) return window.status();
  settings.dedup_window = *window;
  // Settings without a transport would be read and then ignored.
  if (!settings.configured()) return n.Error("expected at least one transport: " + std::string(kNotifyTransports));
  return settings;
}

std::vector<const Secret*> NotifySecrets(const NotifySettings& settings) {
  std::vector<const Secret*> secrets;
  if (settings.webhook && settings.webhook->secret) secrets.push_back(&*settings.webhook->secret);
  if (settings.alertmanager && settings.alertmanager->token) secrets.push_back(&*settings.alertmanager->token);
  if (settings.ntfy && settings.ntfy->token) secrets.push_back(&*settings.ntfy->token);
  if (settings.slack) secrets.push_back(&settings.slack->url);
  if (settings.matrix) secrets.push_back(&settings.matrix->token);
  return secrets;
}

}  // namespace evt::runbook
