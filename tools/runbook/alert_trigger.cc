#include "tools/runbook/alert_trigger.h"

#include <algorithm>

#include "common/json_parse.h"
#include "common/json_writer.h"

namespace evt::runbook {
namespace {

// Joins the parts of a situation key with a byte no label or time holds.
constexpr char kKeySeparator = '\x1f';

Status Missing(const std::string& where, std::string_view what) {
  return Status::DataErr(where + ": " + std::string(what));
}

Result<std::string> StringField(const Value& object, std::string_view key, const std::string& where) {
  const Value* v = object.find(key);
  if (v == nullptr) return Missing(where + "/" + std::string(key), "missing");
  if (!v->is_string()) {
    return Missing(where + "/" + std::string(key), "expected a string, got " + std::string(v->type_name()));
  }
  return v->as_string();
}

Result<std::map<std::string, std::string>> StringMap(const Value& object, std::string_view key,
                                                     const std::string& where) {
  std::map<std::string, std::string> out;
  const Value* v = object.find(key);
  if (v == nullptr) return out;
  std::string at = where + "/" + std::string(key);
  if (!v->is_object()) return Missing(at, "expected an object, got " + std::string(v->type_name()));
  for (const auto& [name, value] : v->as_object()) {
    if (!value.is_string()) {
      return Missing(at + JsonPointerToken(name), "expected a string, got " + std::string(value.type_name()));
    }
    out[name] = value.as_string();
  }
  return out;
}

Result<Trigger> AlertTrigger(const Value& alert, const std::string& group_key, const std::string& where) {
  if (!alert.is_object()) return Missing(where, "expected an object, got " + std::string(alert.type_name()));
  Trigger t;
  t.source = Trigger::Source::kAlertmanager;
  t.group_key = group_key;
  EVT_ASSIGN_OR_RETURN(t.status, StringField(alert, "status", where));
  if (t.status != "firing" && t.status != "resolved") {
    return Missing(where + "/status", "expected \"firing\" or \"resolved\", got \"" + t.status + "\"");
  }
  EVT_ASSIGN_OR_RETURN(t.labels, StringMap(alert, "labels", where));
  EVT_ASSIGN_OR_RETURN(t.annotations, StringMap(alert, "annotations", where));
  EVT_ASSIGN_OR_RETURN(std::string fingerprint, StringField(alert, "fingerprint", where));
  if (fingerprint.empty()) return Missing(where + "/fingerprint", "empty");
  t.fingerprints = {fingerprint};
  EVT_ASSIGN_OR_RETURN(t.starts_at, StringField(alert, "startsAt", where));
  t.situation = group_key + kKeySeparator + t.status + kKeySeparator + fingerprint + kKeySeparator + t.starts_at;
  t.raw = alert;
  return t;
}

std::string Text(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  Result<std::string> json = ToJson(v);
  return json.ok() ? *json : "";
}

std::string FieldText(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v == nullptr || v->is_null() ? "" : Text(*v);
}

// "firing", "resolved", or "" when the record cannot start a runbook.
std::string RecordStatus(const Value& record, const std::string& kind, std::map<std::string, std::string>& labels) {
  if (kind == "anomaly") {
    std::string state = FieldText(record, "state");
    return state == "raise" ? "firing" : state == "clear" ? "resolved" : "";
  }
  if (kind == "budget") {
    std::string severity;
    if (const Value* alerts = record.find("alerts"); alerts != nullptr && alerts->is_array()) {
      for (const Value& alert : alerts->as_array()) {
        const Value* firing = alert.find("firing");
        if (firing == nullptr || !firing->is_bool() || !firing->as_bool()) continue;
        std::string s = FieldText(alert, "severity");
        if (s == "page" || (s == "ticket" && severity.empty())) severity = s;
      }
    }
    if (!severity.empty()) {
      labels["severity"] = severity;
      return "firing";
    }
    return FieldText(record, "state") == "ok" ? "resolved" : "";
  }
  if (kind == "failover") {
    std::string event = FieldText(record, "event");
    if (event == "switch" || event == "switch_failed" || event == "down") return "firing";
    return event == "up" || event == "recovered" ? "resolved" : "";
  }
  if (kind == "flow") {
    const Value* ok = record.find("ok");
    if (ok == nullptr || !ok->is_bool()) return "";
    return ok->as_bool() ? "resolved" : "firing";
  }
  return "";
}

std::string RecordSubject(const Value& record, const std::string& kind) {
  if (kind == "anomaly") return FieldText(record, "series");
  if (kind == "flow") return FieldText(record, "target") + "/" + FieldText(record, "flow");
  if (kind == "failover") return FieldText(record, "path");
  return FieldText(record, "name");
}

}  // namespace

Result<std::vector<Trigger>> ParseAlertmanagerWebhook(std::string_view body) {
  Result<Value> parsed = ParseJson(body, "webhook body");
  if (!parsed.ok()) return Status::DataErr(parsed.status().message());
  const Value& root = *parsed;
  if (!root.is_object()) return Missing("webhook body", "expected an object, got " + std::string(root.type_name()));
  EVT_ASSIGN_OR_RETURN(std::string version, StringField(root, "version", ""));
  if (version != "4") return Missing("/version", "expected \"4\" (Alertmanager's webhook payload), got \"" + version + "\"");
  EVT_ASSIGN_OR_RETURN(std::string group_key, StringField(root, "groupKey", ""));
  const Value* alerts = root.find("alerts");
  if (alerts == nullptr) return Missing("/alerts", "missing");
  if (!alerts->is_array()) return Missing("/alerts", "expected an array, got " + std::string(alerts->type_name()));
  std::vector<Trigger> out;
  for (std::size_t i = 0; i < alerts->as_array().size(); ++i) {
    EVT_ASSIGN_OR_RETURN(Trigger t, AlertTrigger(alerts->as_array()[i], group_key, "/alerts/" + std::to_string(i)));
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<Trigger> TriggerFromRecord(const Value& record) {
  if (!record.is_object()) return std::nullopt;
  std::string kind = FieldText(record, "kind");
  Trigger t;
  t.source = Trigger::Source::kRecord;
  for (const auto& [key, value] : record.as_object()) {
    if (!value.is_array() && !value.is_object() && !value.is_null()) t.labels[key] = Text(value);
  }
  if (const Value* labels = record.find("labels"); labels != nullptr && labels->is_object()) {
    for (const auto& [key, value] : labels->as_object()) {
      if (value.is_string()) t.labels.emplace(key, value.as_string());
    }
  }
  t.status = RecordStatus(record, kind, t.labels);
  if (t.status.empty()) return std::nullopt;
  t.subject = RecordSubject(record, kind);
  t.group_key = kind;
  t.starts_at = FieldText(record, "ts");
  t.situation = kind + kKeySeparator + t.subject + kKeySeparator + t.status + kKeySeparator + t.starts_at;
  t.raw = record;
  return t;
}

}  // namespace evt::runbook
