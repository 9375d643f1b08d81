#include "tools/budget/prometheus_rules.h"

#include <chrono>
#include <map>
#include <set>

#include "common/number_text.h"
#include "common/yaml_string.h"
#include "tools/budget/burn_windows.h"

namespace evt::budget {
namespace {

std::string Number(double v) { return ShortestText(v); }

// A ratio read from config as a percentage: 0.57 is "57", where 0.57 * 100
// is 56.99999999999999 in binary.
std::string PercentNumber(double ratio) { return SignificantText(ratio * 100, 12); }

// The length the status of a budget scales its alert windows to. A local
// day is taken as 24 hours: the rule file is written once, not on the
// nights the clocks change.
Duration WindowLength(const BudgetSpec& spec, const Site& site) {
  switch (spec.window) {
    case WindowKind::kEvent: return *site.ends_at - *site.starts_at;
    case WindowKind::kDay: return std::chrono::hours(24);
    case WindowKind::kHour: return std::chrono::hours(1);
  }
  return std::chrono::hours(24);
}

std::string Selector(const std::string& site, const std::string& label, const std::string& value) {
  return "{site=" + PromString(site) + "," + label + "=" + PromString(value) + "}";
}

std::string BurnRecordName(Duration window) { return "evt_budget:burn_rate:" + PromDuration(window); }

class RuleWriter {
 public:
  explicit RuleWriter(std::string& out) : out_(out) {}

  void Record(const std::string& name, const std::string& expr, const std::map<std::string, std::string>& labels) {
    out_ += "      - record: " + name + "\n";
    out_ += "        expr: " + YamlString(expr) + "\n";
    Labels(labels);
  }
  void Alert(const std::string& name, const std::string& expr, const std::map<std::string, std::string>& labels,
             const std::string& summary) {
    out_ += "      - alert: " + name + "\n";
    out_ += "        expr: " + YamlString(expr) + "\n";
    Labels(labels);
    out_ += "        annotations:\n";
    out_ += "          summary: " + YamlString(summary) + "\n";
  }

 private:
  void Labels(const std::map<std::string, std::string>& labels) {
    out_ += "        labels:\n";
    for (const auto& [name, value] : labels) out_ += "          " + name + ": " + YamlString(value) + "\n";
  }
  std::string& out_;
};

void ErrorBudgetRules(RuleWriter& w, const BudgetSpec& spec, const BudgetConfig& config) {
  const std::string& site = config.site.name;
  const std::vector<AlertWindow> pairs =
      ScaledAlertWindows(spec.preset, WindowLength(spec, config.site), config.sample_interval);
  // 1 - objective: the share of bad events the budget allows, as burn_windows.h divides by.
  // Twelve digits: 1 - 0.999 is 0.0010000000000000009 in binary.
  const std::string allowed = SignificantText(1 - spec.objective, 12);
  std::set<Duration> windows;
  for (const AlertWindow& p : pairs) windows.insert({p.long_window, p.short_window});
  for (Duration d : windows) {
    // events_from names a probe target or a flow target: whichever wrote
    // series under that name (a target is one or the other, never both).
    std::string success = "{__name__=~\"evt_probe_success|evt_flow_success\"," +
                          Selector(site, "target", spec.events_from).substr(1);
    w.Record(BurnRecordName(d),
             "(1 - avg by (site) (avg_over_time(" + success + "[" + PromDuration(d) + "]))) / " + std::string(allowed),
             {{"site", site}, {"budget", spec.name}});
  }
  for (const AlertWindow& p : pairs) {
    std::string factor = Number(p.factor.ToDouble());
    std::string budget = Selector(site, "budget", spec.name);
    w.Alert("EvtErrorBudgetBurn",
            BurnRecordName(p.long_window) + budget + " > " + factor + " and " + BurnRecordName(p.short_window) +
                budget + " > " + factor,
            {{"site", site},
             {"budget", spec.name},
             {"severity", p.severity},
             {"long_window", PromDuration(p.long_window)},
             {"short_window", PromDuration(p.short_window)}},
            spec.name + ": burning more than " + factor + "x the error budget over " + PromDuration(p.long_window) +
                " and " + PromDuration(p.short_window));
  }
}

std::string Severity(double threshold) { return threshold >= 1 ? "page" : "ticket"; }

void ThresholdRules(RuleWriter& w, const BudgetSpec& spec, const Site& site) {
  for (double t : spec.thresholds) {
    w.Alert("EvtBudgetThreshold", "evt_budget_ratio" + Selector(site.name, "budget", spec.name) + " >= " + Number(t),
            {{"site", site.name}, {"budget", spec.name}, {"severity", Severity(t)}, {"threshold", Number(t)}},
            spec.name + ": spent " + PercentNumber(t) + "% of the limit or more");
  }
  for (double t : spec.forecast_thresholds) {
    w.Alert("EvtBudgetForecastThreshold",
            "evt_budget_forecast_ratio" + Selector(site.name, "budget", spec.name) + " >= " + Number(t),
            {{"site", site.name}, {"budget", spec.name}, {"severity", Severity(t)}, {"threshold", Number(t)}},
            spec.name + ": forecast to spend " + PercentNumber(t) + "% of the limit or more by the end of the window");
  }
}

}  // namespace

std::string PromDuration(Duration d) { return FormatDuration(d); }

std::string PromString(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string PrometheusRulesYaml(const BudgetConfig& config) {
  // No config values in the comment: a newline in one would end it.
  std::string out = "# Written by evt-budget rules. Every rule selects the site label, which the scrape config attaches.\n";
  out += "groups:\n";
  out += "  - name: " + YamlString("evt-budget " + config.site.name) + "\n";
  out += "    rules:\n";
  std::string rules;
  RuleWriter w(rules);
  for (const BudgetSpec& spec : config.budgets) {
    // status applies the thresholds to every budget, an error budget's
    // share of the budget consumed included; the burn pairs come on top.
    ThresholdRules(w, spec, config.site);
    if (spec.unit == BudgetUnit::kError) ErrorBudgetRules(w, spec, config);
  }
  // A group with no rules is `rules: []`, which promtool reads.
  if (rules.empty()) return out.substr(0, out.size() - 1) + " []\n";
  return out + rules;
}

}  // namespace evt::budget
