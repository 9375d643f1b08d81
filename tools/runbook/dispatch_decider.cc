#include "tools/runbook/dispatch_decider.h"

#include <algorithm>

namespace evt::runbook {
namespace {

using Action = Decision::Action;

Value StringMapValue(const std::map<std::string, std::string>& map) {
  Value out = Value::object();
  for (const auto& [k, v] : map) out.set(k, v);
  return out;
}

std::map<std::string, std::string> ValueStringMap(const Value* object) {
  std::map<std::string, std::string> out;
  if (object == nullptr || !object->is_object()) return out;
  for (const auto& [k, v] : object->as_object()) {
    if (v.is_string()) out[k] = v.as_string();
  }
  return out;
}

std::string StringOf(const Value& object, std::string_view key) {
  const Value* v = object.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

// What the audit keeps of a trigger, and what a pending group keeps to
// decide later: enough to render vars and to say why.
Value TriggerValue(const Trigger& t) {
  Value fingerprints = Value::array();
  for (const std::string& f : t.fingerprints) fingerprints.push_back(f);
  return Value::object({{"source", t.source == Trigger::Source::kAlertmanager ? "alertmanager" : "record"},
                        {"status", t.status},
                        {"situation", t.situation},
                        {"group_key", t.group_key},
                        {"subject", t.subject},
                        {"starts_at", t.starts_at},
                        {"fingerprints", std::move(fingerprints)},
                        {"labels", StringMapValue(t.labels)},
                        {"annotations", StringMapValue(t.annotations)}});
}

// "{{labels.site}}" → the trigger's label site ("" when absent);
// "{{annotations.X}}", "{{status}}" likewise. Other text stays as it is.
std::string Render(const std::string& pattern, const Value& trigger) {
  std::string out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    std::size_t open = pattern.find("{{", pos);
    std::size_t close = open == std::string::npos ? open : pattern.find("}}", open + 2);
    if (close == std::string::npos) {
      out += pattern.substr(pos);
      break;
    }
    out += pattern.substr(pos, open - pos);
    std::string name = pattern.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name == "status") {
      out += StringOf(trigger, "status");
    } else if (std::size_t dot = name.find('.'); dot != std::string::npos) {
      std::map<std::string, std::string> map = ValueStringMap(trigger.find(name.substr(0, dot)));
      out += map[name.substr(dot + 1)];
    }
    pos = close + 2;
  }
  return out;
}

std::map<std::string, std::string> RenderVars(const TriggerRule& rule, const Value& trigger) {
  std::map<std::string, std::string> vars;
  for (const auto& [name, pattern] : rule.vars) vars[name] = Render(pattern, trigger);
  return vars;
}

std::string GroupOf(const TriggerRule& rule, const std::map<std::string, std::string>& labels) {
  std::string group;
  for (const std::string& name : rule.group_by) {
    auto it = labels.find(name);
    if (!group.empty()) group += ",";
    group += name + "=" + (it == labels.end() ? "" : it->second);
  }
  return group;
}

std::string LabelsText(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

}  // namespace

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kRun: return "run";
    case Action::kAwaitApproval: return "await_approval";
    case Action::kHeldBack: return "held_back";
    case Action::kDuplicate: return "duplicate";
    case Action::kInhibited: return "inhibited";
    case Action::kCoolingDown: return "cooling_down";
    case Action::kRateLimited: return "rate_limited";
    case Action::kBusy: return "busy";
    case Action::kGrouping: return "grouping";
    case Action::kUndo: return "undo";
    case Action::kNoMatch: return "no_match";
    case Action::kStreak: return "streak";
    case Action::kDenied: return "denied";
  }
  return "unknown";
}

Dispatcher::Dispatcher(DispatchStore& store, const TriggerRules& rules, const Clock& clock, Duration longest_run)
    : store_(store), rules_(rules), clock_(clock), longest_run_(longest_run) {}

const TriggerRule* Dispatcher::FindRule(const std::string& name) const {
  for (const TriggerRule& rule : rules_.rules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

std::string Dispatcher::NewId() {
  // Milliseconds since the epoch and a counter: unique within one process,
  // and across restarts unless two start within the same millisecond.
  return std::to_string(clock_.Now().time_since_epoch().count()) + "-" + std::to_string(++next_seq_);
}

Result<Decision> Dispatcher::Record(Decision decision, const Value& trigger) {
  DecisionRow row;
  row.id = decision.id.empty() ? NewId() : decision.id;
  decision.id = row.id;
  row.at = clock_.Now();
  row.rule = decision.rule;
  row.runbook = decision.runbook;
  row.action = std::string(ActionName(decision.action));
  row.reason = decision.reason;
  row.situation = StringOf(trigger, "situation");
  row.trigger = trigger;
  row.vars = StringMapValue(decision.vars);
  EVT_RETURN_IF_ERROR(store_.RecordDecision(row));
  if (ShouldRun(decision)) EVT_RETURN_IF_ERROR(store_.RunBegan(decision.runbook, decision.id, row.at));
  return decision;
}

Result<std::string> Dispatcher::InhibitedBy(const Trigger& trigger) {
  if (rules_.inhibit.empty()) return std::string();
  EVT_ASSIGN_OR_RETURN(std::vector<Value> firing, store_.FiringLabels());
  for (const InhibitRule& rule : rules_.inhibit) {
    if (!MatchesAll(rule.target, trigger.labels)) continue;
    for (const Value& value : firing) {
      std::map<std::string, std::string> source = ValueStringMap(&value);
      // As in Alertmanager, an alert matching both sides does not inhibit itself.
      if (source == trigger.labels || !MatchesAll(rule.source, source)) continue;
      bool equal = std::all_of(rule.equal.begin(), rule.equal.end(), [&](const std::string& name) {
        auto a = source.find(name);
        auto b = trigger.labels.find(name);
        return (a == source.end() ? "" : a->second) == (b == trigger.labels.end() ? "" : b->second);
      });
      if (equal) return "inhibited by the firing alert {" + LabelsText(source) + "}";
    }
  }
  return std::string();
}

Result<Decision> Dispatcher::Gate(const TriggerRule& rule, const std::string& runbook, const Value& trigger,
                                  Action go, bool ask_approval, bool hold_active, std::string why) {
  Decision d;
  d.rule = rule.name;
  d.runbook = runbook;
  d.vars = RenderVars(rule, trigger);
  TimePoint now = clock_.Now();
  auto decide = [&](Action action, std::string reason) {
    d.action = action;
    d.reason = why.empty() ? std::move(reason) : why + "; " + reason;
    return Record(std::move(d), trigger);
  };
  if (hold_active) return decide(Action::kHeldBack, "the site hold is set: would have run " + runbook);
  EVT_ASSIGN_OR_RETURN(bool busy, store_.RunInProgress(runbook, now - longest_run_));
  if (busy) return decide(Action::kBusy, runbook + " is running (one at a time)");
  EVT_ASSIGN_OR_RETURN(std::optional<TimePoint> last_end, store_.LastRunEnd(runbook));
  if (rule.cooldown > Duration(0) && last_end && now < *last_end + rule.cooldown) {
    return decide(Action::kCoolingDown, runbook + " ended at " + FormatRfc3339(*last_end) + "; cooldown " +
                                            FormatDuration(rule.cooldown) + " until " +
                                            FormatRfc3339(*last_end + rule.cooldown));
  }
  if (rule.rate_runs > 0) {
    EVT_ASSIGN_OR_RETURN(std::int64_t runs, store_.RunsSince(runbook, now - rule.rate_per));
    if (runs >= rule.rate_runs) {
      return decide(Action::kRateLimited, runbook + " ran " + std::to_string(runs) + " times in the last " +
                                              FormatDuration(rule.rate_per) + " (limit " +
                                              std::to_string(rule.rate_runs) + ")");
    }
  }
  if (ask_approval && rule.approval.required.value_or(false)) {
    d.id = NewId();
    EVT_RETURN_IF_ERROR(store_.AskApproval({d.id, now, now + rule.approval.timeout, rule.approval.run_on_timeout,
                                            "waiting", ""}));
    return decide(Action::kAwaitApproval,
                  "approval required: `evt-runbook approve " + d.id + "` within " +
                      FormatDuration(rule.approval.timeout) + ", else " +
                      (rule.approval.run_on_timeout ? "it runs" : "it is skipped"));
  }
  return decide(go, go == Action::kUndo ? "resolved: runs the rule's on_resolved" : "runs " + runbook);
}

Result<std::vector<Decision>> Dispatcher::Offer(const Trigger& trigger, bool hold_active) {
  TimePoint now = clock_.Now();
  if (trigger.source == Trigger::Source::kAlertmanager && !trigger.fingerprints.empty()) {
    if (trigger.status == "firing") {
      EVT_RETURN_IF_ERROR(store_.NoteFiring(trigger.fingerprints.front(), StringMapValue(trigger.labels), now));
    } else {
      EVT_RETURN_IF_ERROR(store_.NoteResolved(trigger.fingerprints.front()));
    }
  }
  Value value = TriggerValue(trigger);
  std::vector<const TriggerRule*> matched;
  for (const TriggerRule& rule : rules_.rules) {
    if (rule.source == trigger.source && MatchesAll(rule.match, trigger.labels)) matched.push_back(&rule);
  }
  std::vector<Decision> out;
  if (matched.empty()) {
    // A record that ends a situation no rule watches is the stream's
    // normal traffic, not worth a line of audit.
    if (trigger.source == Trigger::Source::kRecord && trigger.status == "resolved") return out;
    EVT_ASSIGN_OR_RETURN(Decision d, Record({"", "", "", {}, Action::kNoMatch, "no rule matches"}, value));
    out.push_back(std::move(d));
    return out;
  }
  EVT_ASSIGN_OR_RETURN(bool fresh, store_.ClaimSituation(trigger.situation, now, rules_.dedup_ttl));
  for (const TriggerRule* rule : matched) {
    Result<Decision> d = fresh ? Decide(*rule, trigger, value, hold_active)
                               : Record({"", rule->name, rule->runbook, {}, Action::kDuplicate,
                                         "seen inside dedup_ttl " + FormatDuration(rules_.dedup_ttl) +
                                             " (a retry, or the other of an HA pair)"},
                                        value);
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  return out;
}

Result<Decision> Dispatcher::Decide(const TriggerRule& rule, const Trigger& trigger, const Value& value,
                                    bool hold_active) {
  if (trigger.status == "resolved") {
    if (trigger.source == Trigger::Source::kRecord) EVT_RETURN_IF_ERROR(store_.ResetStreak(rule.name, trigger.subject));
    if (rule.on_resolved.empty()) {
      return Record({"", rule.name, "", {}, Action::kNoMatch, "resolved, and the rule has no on_resolved"}, value);
    }
    return Gate(rule, rule.on_resolved, value, Action::kUndo, false, hold_active, "");
  }
  EVT_ASSIGN_OR_RETURN(std::string inhibitor, InhibitedBy(trigger));
  if (!inhibitor.empty()) return Record({"", rule.name, rule.runbook, {}, Action::kInhibited, inhibitor}, value);
  if (trigger.source == Trigger::Source::kRecord && rule.streak > 1) {
    EVT_ASSIGN_OR_RETURN(std::int64_t streak, store_.BumpStreak(rule.name, trigger.subject));
    if (streak < rule.streak) {
      return Record({"", rule.name, rule.runbook, {}, Action::kStreak,
                     "failure " + std::to_string(streak) + " of " + std::to_string(rule.streak) + " in a row"},
                    value);
    }
    EVT_RETURN_IF_ERROR(store_.ResetStreak(rule.name, trigger.subject));
  }
  if (rule.group_wait > Duration(0)) {
    TimePoint now = clock_.Now();
    std::string group = GroupOf(rule, trigger.labels);
    EVT_ASSIGN_OR_RETURN(PendingGroup g, store_.JoinGroup(rule.name, group, value, now, now + rule.group_wait));
    return Record({"", rule.name, rule.runbook, {}, Action::kGrouping,
                   "group {" + group + "}: trigger " + std::to_string(g.count) + ", decides at " +
                       FormatRfc3339(g.due_at)},
                  value);
  }
  return Gate(rule, rule.runbook, value, Action::kRun, true, hold_active, "");
}

Result<std::vector<Decision>> Dispatcher::Due(bool hold_active) {
  TimePoint now = clock_.Now();
  std::vector<Decision> out;
  EVT_ASSIGN_OR_RETURN(std::vector<PendingGroup> groups, store_.TakeDueGroups(now));
  for (const PendingGroup& g : groups) {
    const TriggerRule* rule = FindRule(g.rule);
    Result<Decision> d =
        rule == nullptr
            ? Record({"", g.rule, "", {}, Action::kNoMatch, "the rule of group {" + g.group + "} is gone"}, g.trigger)
            : Gate(*rule, rule->runbook, g.trigger, Action::kRun, true, hold_active,
                   "group {" + g.group + "} of " + std::to_string(g.count) + " trigger(s)");
    if (!d.ok()) return d.status();
    out.push_back(std::move(*d));
  }
  EVT_ASSIGN_OR_RETURN(std::vector<ApprovalRow> expired, store_.ExpiredApprovals(now));
  for (const ApprovalRow& approval : expired) {
    EVT_RETURN_IF_ERROR(store_.SettleApproval(approval.decision_id, "timed_out", ""));
    EVT_ASSIGN_OR_RETURN(Decision d, AfterApproval(approval.decision_id, approval.run_on_timeout, hold_active,
                                                   "approval of " + approval.decision_id + " timed out"));
    out.push_back(std::move(d));
  }
  return out;
}

Result<Decision> Dispatcher::AfterApproval(const std::string& asked, bool run, bool hold_active, std::string why) {
  EVT_ASSIGN_OR_RETURN(std::optional<DecisionRow> row, store_.FindDecision(asked));
  if (!row) return Status::DataErr("decision " + asked + ": not in runbook.db");
  const TriggerRule* rule = FindRule(row->rule);
  if (!run || rule == nullptr) {
    std::string reason = why + (rule == nullptr ? "; its rule is gone" : ": skipped (the safe default)");
    return Record({"", row->rule, row->runbook, {}, Action::kDenied, reason}, row->trigger);
  }
  return Gate(*rule, row->runbook, row->trigger, Action::kRun, false, hold_active, why);
}

Result<ApprovalRow> Dispatcher::WaitingApproval(const std::string& decision_id) {
  EVT_ASSIGN_OR_RETURN(std::optional<ApprovalRow> approval, store_.FindApproval(decision_id));
  if (!approval) return Status::DataErr("decision " + decision_id + ": no approval asked under this id");
  if (approval->state != "waiting") {
    return Status::DataErr("decision " + decision_id + ": already " + approval->state +
                           (approval->who.empty() ? "" : " by " + approval->who));
  }
  if (clock_.Now() >= approval->expires_at) {
    return Status::DataErr("decision " + decision_id + ": its approval timed out at " +
                           FormatRfc3339(approval->expires_at));
  }
  return *approval;
}

Result<Decision> Dispatcher::Approve(const std::string& decision_id, const std::string& who, bool hold_active) {
  EVT_ASSIGN_OR_RETURN(ApprovalRow approval, WaitingApproval(decision_id));
  EVT_RETURN_IF_ERROR(store_.SettleApproval(decision_id, "approved", who));
  return AfterApproval(decision_id, true, hold_active, "approved by " + who);
}

Status Dispatcher::Deny(const std::string& decision_id, const std::string& who) {
  EVT_ASSIGN_OR_RETURN(ApprovalRow approval, WaitingApproval(decision_id));
  EVT_RETURN_IF_ERROR(store_.SettleApproval(decision_id, "denied", who));
  EVT_ASSIGN_OR_RETURN(std::optional<DecisionRow> row, store_.FindDecision(decision_id));
  if (!row) return Status::DataErr("decision " + decision_id + ": not in runbook.db");
  Result<Decision> d = Record({"", row->rule, row->runbook, {}, Action::kDenied, "denied by " + who}, row->trigger);
  return d.status();
}

Status Dispatcher::RunStarted(const std::string& decision_id, std::int64_t run_id) {
  return store_.SetDecisionRun(decision_id, run_id);
}

Status Dispatcher::RunEnded(const std::string& decision_id, bool ok) {
  EVT_RETURN_IF_ERROR(store_.RunFinished(decision_id, clock_.Now()));
  return store_.SetDecisionOutcome(decision_id, ok ? "ok" : "failed");
}

}  // namespace evt::runbook
