// `evt-budget rules`: the site's budgets as a Prometheus rule file (the
// YAML promtool and Prometheus' rule_files read), so an existing
// Prometheus pages on the same conditions `evt-budget check` acts on.
//
// Error budgets get the multi-window burn-rate pairs of burn_windows.h,
// scaled to the budget's window exactly as `status` scales them: one
// recording rule per window (the burn rate of the budget's probe or flow target
// over it) and one alert per pair. Every budget gets an alert per
// threshold on evt_budget_ratio and per forecast threshold on
// evt_budget_forecast_ratio, as status applies them. Every rule selects and carries
// site="<site.name>": the scrape config attaches that label (doc/design.md
// §13), which is what lets one Prometheus hold several sites.
#pragma once

#include <string>

#include "common/duration.h"
#include "tools/budget/budget_config.h"

namespace evt::budget {

// The rule file for `config`. Error budgets read the success series of the
// target their events_from names: evt_probe_success of a probe target,
// evt_flow_success of a flow target.
std::string PrometheusRulesYaml(const BudgetConfig& config);

// A duration as PromQL writes one ("1h30m", "25s"); the same spelling as
// FormatDuration, which PromQL reads.
std::string PromDuration(Duration d);

// `value` as a PromQL string literal: double quotes, \ " and newline escaped.
std::string PromString(const std::string& value);

}  // namespace evt::budget
