// `runbook.rules`, `runbook.inhibit` and `runbook.dedup_ttl`: which
// triggers (alert_trigger.h) start which runbooks, and under which limits
// (doc/design.md §9). Read strictly: an unknown key, a bad duration or a
// bad regex is Config (78) naming the JSON pointer.
//   "rules": [{"name": "uplink-down",
//              "match": {"alertmanager": {"alertname": "UplinkDown"}},   or {"record": {...}}
//              "runbook": "notify-oncall",
//              "vars": {"message": "{{annotations.summary}}"},
//              "group_by": ["alertname", "site"], "group_wait": "2s",
//              "cooldown": "5m", "rate_limit": {"runs": 3, "per": "1h"},
//              "on_resolved": "notify-oncall-clear", "streak": 1,
//              "approval": {"required": true, "timeout": "10m", "on_timeout": "skip"}}]
//   "inhibit": [{"source": {"alertname": "UplinkDown"},
//                "target": {"alertname": "CheckoutSlow"}, "equal": ["site"]}]
//   "dedup_ttl": "24h"
// A matcher value is the exact label value, or "~RE" for a regex that
// must match the whole value (Alertmanager's =~), or "!VALUE" for not
// equal; a label that is absent has the value "".
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"
#include "tools/runbook/alert_trigger.h"

namespace evt::runbook {

class LabelMatcher {
 public:
  // "UplinkDown", "~^checkout", "!ok"; a bad regex is Config at `where`.
  static Result<LabelMatcher> Parse(const std::string& label, const std::string& pattern, const std::string& where);
  bool Matches(const std::map<std::string, std::string>& labels) const;

 private:
  enum class Kind { kEqual, kNotEqual, kRegex };
  std::string label_;
  Kind kind_ = Kind::kEqual;
  std::string value_;
  std::regex regex_;
};

// Every matcher matches (an empty set matches everything).
bool MatchesAll(const std::vector<LabelMatcher>& matchers, const std::map<std::string, std::string>& labels);

struct Approval {
  // Unset in the config: required when the runbook mutates (VetTriggerRules
  // decides), so a rule must waive approval for a mutating runbook in words.
  std::optional<bool> required;
  Duration timeout{10 * 60 * 1000};
  bool run_on_timeout = false;  // "on_timeout": "run"; the default is "skip"
};

struct TriggerRule {
  std::string name;
  std::string where;  // "event.json: /runbook/rules/0", for errors found later
  Trigger::Source source = Trigger::Source::kAlertmanager;
  std::vector<LabelMatcher> match;
  std::string runbook;
  // Parameters handed to the runbook: "{{labels.X}}", "{{annotations.X}}",
  // "{{status}}" are replaced from the trigger; other text stays.
  std::map<std::string, std::string> vars;
  std::vector<std::string> group_by;  // empty: one group per rule
  Duration group_wait{0};
  Duration cooldown{0};
  std::int64_t rate_runs = 0;  // 0: no rate limit
  Duration rate_per{0};
  std::string on_resolved;  // "" : a resolved trigger runs nothing
  std::int64_t streak = 1;  // consecutive firing records of a subject needed
  Approval approval;
};

struct InhibitRule {
  std::vector<LabelMatcher> source;
  std::vector<LabelMatcher> target;
  std::vector<std::string> equal;
};

struct TriggerRules {
  std::vector<TriggerRule> rules;
  std::vector<InhibitRule> inhibit;
  Duration dedup_ttl{24LL * 60 * 60 * 1000};
};

// Reads the three keys from the `runbook` section (settings.cc calls it
// before section.Finish()). Absent keys: no rules, no inhibition, 24h.
Result<TriggerRules> ReadTriggerRules(const ConfigObject& runbook_section);

// What a rule may know of a runbook before starting it.
struct RunbookVetting {
  std::string problem;  // "" when a rule may start it; else why not (missing,
                        // broken, a call the command-access table does not know)
  bool mutates = false; // some call changes state (call_access.h kMutating/kAddDryRun)
};
// Given by the caller, so the rules can be checked without the file system
// in tests; DefaultRunbookVetter (trigger_rules_vet.h) reads the files.
using RunbookVetter = std::function<RunbookVetting(const std::string& name)>;

// config check and serve's start: every rule's runbook and on_resolved
// passes `vet`, else Config (78) "event.json: /runbook/rules/0/runbook: WHY";
// an approval left unset becomes required when the runbook mutates.
Status VetTriggerRules(TriggerRules& rules, const RunbookVetter& vet);

}  // namespace evt::runbook
