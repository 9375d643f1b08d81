#include "tools/runbook/notify_message.h"

#include <cstdint>

#include "common/base64.h"
#include "common/percent_encoding.h"

namespace evt::runbook {
namespace {

std::string Prefix(const NotifyMessage& message) {
  std::string prefix = "[" + (message.resolved ? std::string("resolved") : message.severity) + "] ";
  if (!message.site.empty()) prefix += message.site + ": ";
  return prefix;
}

std::string FullText(const NotifyMessage& message) { return Prefix(message) + Description(message); }

bool IsPrintableAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// RFC 2047's encoded word: an HTTP header holds ASCII only, and a newline
// in one would start a header of the message's choosing.
std::string EncodedWord(const std::string& text) { return "=?UTF-8?B?" + Base64Encode(text) + "?="; }

std::string AlertStatus(const NotifyMessage& message) { return message.resolved ? "resolved" : "firing"; }

// A resolve is good news: it need not wake anyone.
std::string NtfyPriority(const NotifyMessage& message) {
  if (message.resolved) return "3";
  if (message.severity == "critical") return "5";
  if (message.severity == "warning") return "4";
  return "3";
}

// ntfy shows a tag that names an emoji as the emoji.
std::string NtfyEmoji(const NotifyMessage& message) {
  if (message.resolved) return "white_check_mark";
  if (message.severity == "critical") return "rotating_light";
  if (message.severity == "warning") return "warning";
  return "information_source";
}

std::string SlackEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string Summary(const NotifyMessage& message) {
  std::string line = message.text.substr(0, message.text.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
  return line;
}

std::string Title(const NotifyMessage& message) { return Prefix(message) + Summary(message); }

std::string Description(const NotifyMessage& message) {
  return message.text + "\n\nrunbook " + message.runbook + ", run " + message.run_id + " on " + message.host;
}

Value WebhookBody(const NotifyMessage& message) {
  return Value::object({{"kind", "notify"},
                        {"v", 1},
                        {"ts", FormatRfc3339(message.ts)},
                        {"runbook", message.runbook},
                        {"run_id", message.run_id},
                        {"host", message.host},
                        {"severity", message.severity},
                        {"status", AlertStatus(message)},
                        {"message", message.text}});
}

Value AlertmanagerBody(const NotifyMessage& message, Duration firing_for) {
  Value labels = Value::object({{"alertname", message.key},
                                {"site", message.site},
                                {"severity", message.severity},
                                {"runbook", message.runbook}});
  Value annotations = Value::object({{"summary", Summary(message)}, {"description", Description(message)}});
  TimePoint ends_at = message.resolved ? message.ts : message.ts + firing_for;
  return Value::array({Value::object({{"labels", std::move(labels)},
                                      {"annotations", std::move(annotations)},
                                      {"startsAt", FormatRfc3339(message.ts)},
                                      {"endsAt", FormatRfc3339(ends_at)}})});
}

std::vector<std::string> NtfyHeaders(const NotifyMessage& message) {
  std::string title = Title(message);
  return {"Title: " + (IsPrintableAscii(title) ? title : EncodedWord(title)),
          "Priority: " + NtfyPriority(message), "Tags: " + NtfyEmoji(message) + ",evt"};
}

std::string NtfyBody(const NotifyMessage& message) { return Description(message); }

Value SlackBody(const NotifyMessage& message) { return Value::object({{"text", SlackEscaped(FullText(message))}}); }

Value MatrixBody(const NotifyMessage& message) {
  return Value::object({{"msgtype", "m.text"}, {"body", FullText(message)}});
}

std::string MatrixPath(const std::string& room, const NotifyMessage& message) {
  return "/_matrix/client/v3/rooms/" + PercentEncoded(room) + "/send/m.room.message/" + PercentEncoded(message.id);
}

std::vector<std::string> CommandEnvironment(const NotifyMessage& message) {
  return {"EVT_NOTIFY_SUMMARY=" + Summary(message), "EVT_NOTIFY_TITLE=" + Title(message),
          "EVT_NOTIFY_TEXT=" + message.text,        "EVT_NOTIFY_SEVERITY=" + message.severity,
          "EVT_NOTIFY_STATUS=" + AlertStatus(message),
          "EVT_NOTIFY_KEY=" + message.key,          "EVT_NOTIFY_SITE=" + message.site,
          "EVT_NOTIFY_RUNBOOK=" + message.runbook,  "EVT_NOTIFY_RUN_ID=" + message.run_id,
          "EVT_NOTIFY_HOST=" + message.host,        "EVT_NOTIFY_TS=" + FormatRfc3339(message.ts)};
}

}  // namespace evt::runbook
