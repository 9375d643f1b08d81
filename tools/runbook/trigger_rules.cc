#include "tools/runbook/trigger_rules.h"

#include <set>

namespace evt::runbook {
namespace {

Result<std::vector<LabelMatcher>> ReadMatchers(const ConfigObject& object) {
  std::vector<LabelMatcher> out;
  for (const std::string& label : object.Keys()) {
    EVT_ASSIGN_OR_RETURN(std::string pattern, object.String(label));
    EVT_ASSIGN_OR_RETURN(LabelMatcher m, LabelMatcher::Parse(label, pattern, object.Where(label)));
    out.push_back(std::move(m));
  }
  return out;
}

Status ReadMatch(const ConfigObject& rule, TriggerRule& out) {
  EVT_ASSIGN_OR_RETURN(ConfigObject match, rule.Object("match"));
  std::vector<std::string> sources = match.Keys();
  if (sources.size() != 1 || (sources[0] != "alertmanager" && sources[0] != "record")) {
    return match.Error("expected exactly one of \"alertmanager\" or \"record\"");
  }
  out.source = sources[0] == "alertmanager" ? Trigger::Source::kAlertmanager : Trigger::Source::kRecord;
  EVT_ASSIGN_OR_RETURN(ConfigObject matchers, match.Object(sources[0]));
  EVT_ASSIGN_OR_RETURN(out.match, ReadMatchers(matchers));
  return Status::Ok();
}

Status ReadVars(const ConfigObject& rule, TriggerRule& out) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> vars, rule.OptionalObject("vars"));
  if (!vars) return Status::Ok();
  for (const std::string& name : vars->Keys()) {
    EVT_ASSIGN_OR_RETURN(out.vars[name], vars->String(name));
  }
  return Status::Ok();
}

Status ReadLimits(const ConfigObject& rule, TriggerRule& out) {
  EVT_ASSIGN_OR_RETURN(out.group_by, rule.StringArray("group_by", {}));
  EVT_ASSIGN_OR_RETURN(out.group_wait, rule.Duration("group_wait", out.group_wait));
  EVT_ASSIGN_OR_RETURN(out.cooldown, rule.Duration("cooldown", out.cooldown));
  EVT_ASSIGN_OR_RETURN(out.streak, rule.Int("streak", out.streak));
  if (out.streak < 1) return rule.Error("streak", "expected at least 1");
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> rate, rule.OptionalObject("rate_limit"));
  if (rate) {
    EVT_ASSIGN_OR_RETURN(out.rate_runs, rate->Int("runs"));
    if (out.rate_runs < 1) return rate->Error("runs", "expected at least 1");
    EVT_ASSIGN_OR_RETURN(out.rate_per, rate->Duration("per"));
    if (out.rate_per <= Duration(0)) return rate->Error("per", "expected a duration above 0");
  }
  return Status::Ok();
}

Status ReadApproval(const ConfigObject& rule, Approval& out) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> approval, rule.OptionalObject("approval"));
  if (!approval) return Status::Ok();
  if (approval->Has("required")) {
    EVT_ASSIGN_OR_RETURN(bool required, approval->Bool("required"));
    out.required = required;
  }
  EVT_ASSIGN_OR_RETURN(out.timeout, approval->Duration("timeout", out.timeout));
  if (out.timeout <= Duration(0)) return approval->Error("timeout", "expected a duration above 0");
  EVT_ASSIGN_OR_RETURN(std::string on_timeout, approval->String("on_timeout", "skip"));
  if (on_timeout != "skip" && on_timeout != "run") {
    return approval->Error("on_timeout", "expected \"skip\" or \"run\", got \"" + on_timeout + "\"");
  }
  out.run_on_timeout = on_timeout == "run";
  return Status::Ok();
}

Result<TriggerRule> ReadRule(const ConfigObject& rule) {
  TriggerRule out;
  out.where = rule.Where();
  EVT_ASSIGN_OR_RETURN(out.name, rule.String("name"));
  if (out.name.empty()) return rule.Error("name", "empty");
  EVT_RETURN_IF_ERROR(ReadMatch(rule, out));
  EVT_ASSIGN_OR_RETURN(out.runbook, rule.String("runbook"));
  if (out.runbook.empty()) return rule.Error("runbook", "empty");
  EVT_RETURN_IF_ERROR(ReadVars(rule, out));
  EVT_RETURN_IF_ERROR(ReadLimits(rule, out));
  EVT_ASSIGN_OR_RETURN(out.on_resolved, rule.String("on_resolved", ""));
  EVT_RETURN_IF_ERROR(ReadApproval(rule, out.approval));
  return out;
}

Result<InhibitRule> ReadInhibit(const ConfigObject& object) {
  InhibitRule out;
  EVT_ASSIGN_OR_RETURN(ConfigObject source, object.Object("source"));
  EVT_ASSIGN_OR_RETURN(out.source, ReadMatchers(source));
  EVT_ASSIGN_OR_RETURN(ConfigObject target, object.Object("target"));
  EVT_ASSIGN_OR_RETURN(out.target, ReadMatchers(target));
  EVT_ASSIGN_OR_RETURN(out.equal, object.StringArray("equal", {}));
  return out;
}

std::string LabelValue(const std::map<std::string, std::string>& labels, const std::string& name) {
  auto it = labels.find(name);
  return it == labels.end() ? "" : it->second;
}

}  // namespace

Result<LabelMatcher> LabelMatcher::Parse(const std::string& label, const std::string& pattern,
                                         const std::string& where) {
  LabelMatcher m;
  m.label_ = label;
  if (pattern.starts_with("~")) {
    m.kind_ = Kind::kRegex;
    m.value_ = pattern.substr(1);
    try {
      m.regex_ = std::regex(m.value_, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return Status::Config(where + ": \"" + m.value_ + "\": not a regular expression: " + e.what());
    }
  } else if (pattern.starts_with("!")) {
    m.kind_ = Kind::kNotEqual;
    m.value_ = pattern.substr(1);
  } else {
    m.value_ = pattern;
  }
  return m;
}

bool LabelMatcher::Matches(const std::map<std::string, std::string>& labels) const {
  std::string value = LabelValue(labels, label_);
  switch (kind_) {
    case Kind::kEqual:
      return value == value_;
    case Kind::kNotEqual:
      return value != value_;
    case Kind::kRegex:
      return std::regex_match(value, regex_);
  }
  return false;
}

bool MatchesAll(const std::vector<LabelMatcher>& matchers, const std::map<std::string, std::string>& labels) {
  for (const LabelMatcher& m : matchers) {
    if (!m.Matches(labels)) return false;
  }
  return true;
}

Result<TriggerRules> ReadTriggerRules(const ConfigObject& runbook_section) {
  TriggerRules out;
  EVT_ASSIGN_OR_RETURN(std::optional<std::vector<ConfigObject>> rules,
                       runbook_section.OptionalObjectArray("rules"));
  std::set<std::string> names;
  for (const ConfigObject& object : rules.value_or(std::vector<ConfigObject>{})) {
    EVT_ASSIGN_OR_RETURN(TriggerRule rule, ReadRule(object));
    if (!names.insert(rule.name).second) return object.Error("name", "\"" + rule.name + "\": a second rule of this name");
    out.rules.push_back(std::move(rule));
  }
  EVT_ASSIGN_OR_RETURN(std::optional<std::vector<ConfigObject>> inhibit,
                       runbook_section.OptionalObjectArray("inhibit"));
  for (const ConfigObject& object : inhibit.value_or(std::vector<ConfigObject>{})) {
    EVT_ASSIGN_OR_RETURN(InhibitRule rule, ReadInhibit(object));
    out.inhibit.push_back(std::move(rule));
  }
  EVT_ASSIGN_OR_RETURN(out.dedup_ttl, runbook_section.Duration("dedup_ttl", out.dedup_ttl));
  if (out.dedup_ttl <= Duration(0)) return runbook_section.Error("dedup_ttl", "expected a duration above 0");
  return out;
}

Status VetTriggerRules(TriggerRules& rules, const RunbookVetter& vet) {
  for (TriggerRule& rule : rules.rules) {
    RunbookVetting main = vet(rule.runbook);
    if (!main.problem.empty()) {
      return Status::Config(rule.where + "/runbook: \"" + rule.runbook + "\": " + main.problem);
    }
    if (!rule.on_resolved.empty()) {
      RunbookVetting undo = vet(rule.on_resolved);
      if (!undo.problem.empty()) {
        return Status::Config(rule.where + "/on_resolved: \"" + rule.on_resolved + "\": " + undo.problem);
      }
    }
    if (!rule.approval.required) rule.approval.required = main.mutates;
  }
  return Status::Ok();
}

}  // namespace evt::runbook
