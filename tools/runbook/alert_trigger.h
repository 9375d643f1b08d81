// What can start a runbook automatically (doc/design.md §9): one alert of
// a Prometheus Alertmanager webhook (payload version 4), or one record of
// the evt stream (an anomaly, a budget alert, a failover switch, a flow
// run). Both become a Trigger, which the dispatcher (dispatch_decider.h)
// matches against `runbook.rules`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace evt::runbook {

struct Trigger {
  enum class Source { kAlertmanager, kRecord };
  Source source = Source::kRecord;
  // The dedup key: the same situation offered twice is a duplicate.
  // Alertmanager: groupKey, status, the sorted fingerprints and startsAt;
  // a record: its kind, subject, status and ts.
  std::string situation;
  std::string status;  // "firing" or "resolved"
  // What rules match and vars read: an alert's labels; a record's
  // top-level scalar fields as text, then its "labels" map where they do
  // not clash.
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> fingerprints;  // sorted
  std::string starts_at;                  // RFC 3339, as sent
  std::string group_key;                  // Alertmanager's groupKey; a record's kind
  // What a failure streak counts over (a flow's target and name, a
  // series); "" for Alertmanager alerts.
  std::string subject;
  Value raw;  // the alert object, or the record
};

// One Trigger per alert of an Alertmanager webhook body (version 4). A
// body that is not JSON, not version "4", or lacks a field the key needs
// is DataErr naming the JSON pointer: "/alerts/2/fingerprint: missing".
// The situation is per alert (groupKey, status, fingerprint, startsAt), so
// a group resent whole because one alert joined (alertmanager#1642) runs
// only for the new alert.
Result<std::vector<Trigger>> ParseAlertmanagerWebhook(std::string_view body);

// The trigger a record makes, or nullopt for a record that cannot start a
// runbook: anomaly raise (firing) / clear (resolved); budget with a firing
// alert of severity page or ticket (firing; label "severity" is the
// highest) / state ok (resolved); failover switch, switch_failed, down
// (firing) / up, recovered (resolved); flow ok false (firing) / true
// (resolved). A flow failure streak is counted by the dispatcher.
std::optional<Trigger> TriggerFromRecord(const Value& record);

}  // namespace evt::runbook
