#include "tools/budget/budget_metrics.h"

#include "common/prometheus_text.h"

namespace evt::budget {
namespace {

class FamilyText {
 public:
  FamilyText(std::string& out, bool openmetrics) : out_(out), openmetrics_(openmetrics) {}

  void Header(const char* name, const char* help, const char* unit) {
    name_ = name;
    out_ += "# HELP " + name_ + " " + EscapeHelpText(help, openmetrics_) + "\n";
    out_ += "# TYPE " + name_ + " gauge\n";
    if (openmetrics_ && unit[0] != '\0') out_ += "# UNIT " + name_ + " " + unit + "\n";
  }
  void Sample(const std::string& labels, double value) { out_ += name_ + "{" + labels + "} " + SampleValue(value) + "\n"; }

 private:
  std::string& out_;
  bool openmetrics_;
  std::string name_;
};

std::string BudgetLabel(const BudgetStatus& s) { return "budget=\"" + EscapeLabelValue(s.spec->name) + "\""; }

std::string BudgetAndUnitLabels(const BudgetStatus& s) {
  return BudgetLabel(s) + ",unit=\"" + std::string(UnitName(s.spec->unit)) + "\"";
}

}  // namespace

std::string BudgetMetricsText(const std::vector<BudgetStatus>& budgets, bool openmetrics) {
  struct Family {
    const char* name;
    const char* help;
    const char* unit;  // OpenMetrics' UNIT, "" for none
    double (*value)(const BudgetStatus&);
  };
  static const Family kFamilies[] = {
      {"evt_budget_spent", "spent in the budget's unit (minor units, Wh, bad events)", "",
       [](const BudgetStatus& s) { return s.spent; }},
      {"evt_budget_limit", "the limit in the budget's unit", "", [](const BudgetStatus& s) { return s.limit; }},
      {"evt_budget_ratio", "spent / limit", "ratio", [](const BudgetStatus& s) { return s.ratio; }},
      {"evt_budget_forecast_ratio", "forecast / limit at the end of the window", "ratio",
       [](const BudgetStatus& s) { return s.forecast_ratio; }},
      {"evt_budget_burn_rate", "recent burn rate; 1 uses exactly the budget by the end", "",
       [](const BudgetStatus& s) { return s.burn_rate; }},
  };
  std::string out;
  FamilyText text(out, openmetrics);
  for (const Family& f : kFamilies) {
    text.Header(f.name, f.help, f.unit);
    for (const BudgetStatus& s : budgets) text.Sample(BudgetAndUnitLabels(s), f.value(s));
  }
  text.Header("evt_budget_state", "1 for the state the budget is in (ok, warn, over), 0 for the others", "");
  for (const BudgetStatus& s : budgets) {
    for (State state : {State::kOk, State::kWarn, State::kOver}) {
      text.Sample(BudgetLabel(s) + ",state=\"" + std::string(StateName(state)) + "\"", s.state == state ? 1 : 0);
    }
  }
  text.Header("evt_budget_runs_out_timestamp_seconds", "when the budget runs out at the recent rate", "seconds");
  for (const BudgetStatus& s : budgets) {
    if (!s.runs_out_at) continue;
    text.Sample(BudgetAndUnitLabels(s), static_cast<double>(s.runs_out_at->time_since_epoch().count()) / 1000.0);
  }
  if (openmetrics) out += "# EOF\n";
  return out;
}

}  // namespace evt::budget
