// The one message evt.notify sends, and what each transport receives of it
// (notifier.h): every transport says the same thing, shaped the way its
// receiver expects. Pure functions, so the exact requests are unit-tested.
#pragma once

#include <string>
#include <vector>

#include "common/duration.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::runbook {

struct NotifyMessage {
  std::string text;      // what the runbook said, redacted
  std::string key;       // the dedup key (the text unless the runbook named one)
  std::string severity;  // info, warning or critical
  bool resolved = false;  // says that what the key names is over
  std::string site;      // site.name of the config; "" without one
  std::string runbook;
  std::string run_id;
  std::string host;
  std::string id;  // unique to this message: run ID and call number
  TimePoint ts;
};

// The text's first line, without trailing blanks: a title or a summary.
std::string Summary(const NotifyMessage& message);
// "[critical] gate-7: uplink down" ("[resolved] ..." for a resolve): the
// title a person sees first.
std::string Title(const NotifyMessage& message);
// The whole text and where it came from: "runbook R, run ID on HOST".
std::string Description(const NotifyMessage& message);

// The HMAC webhook's JSON object (kind "notify", v 1).
Value WebhookBody(const NotifyMessage& message);

// Alertmanager's POST /api/v2/alerts body: one alert labelled alertname
// (the key), site, severity and runbook, so the same key is the same alert
// there as in the dedup ledger; firing from ts until ts + `firing_for`
// (the dedup window: a repeat held back here must not let it resolve);
// a resolve ends at ts.
Value AlertmanagerBody(const NotifyMessage& message, Duration firing_for);

// ntfy's headers (Title, Priority, Tags; Title RFC 2047-encoded when it is
// not printable ASCII) and its plain-text body.
std::vector<std::string> NtfyHeaders(const NotifyMessage& message);
std::string NtfyBody(const NotifyMessage& message);

// A Slack incoming webhook's JSON: {"text": ...}, with &, < and > escaped
// as Slack asks, so a message cannot ping @channel or forge a link.
Value SlackBody(const NotifyMessage& message);

// Matrix's m.room.message content, and the path it is PUT to (room and
// transaction ID percent-encoded; the ID makes a retried PUT idempotent).
Value MatrixBody(const NotifyMessage& message);
std::string MatrixPath(const std::string& room, const NotifyMessage& message);

// The command transport's environment: EVT_NOTIFY_SUMMARY, _TITLE, _TEXT,
// _SEVERITY, _STATUS (firing or resolved), _KEY, _SITE, _RUNBOOK, _RUN_ID,
// _HOST, _TS ("NAME=value").
std::vector<std::string> CommandEnvironment(const NotifyMessage& message);

}  // namespace evt::runbook
