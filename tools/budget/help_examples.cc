#include "tools/budget/help_examples.h"

namespace evt::budget {

HelpExampleTable HelpExamples() {
  return {
      {"ingest",
       {{"evt-probe http https://shop.example/health | evt-budget ingest", "count each probe against the error budget"},
        {"evt-budget ingest usage-2026-12-06.jsonl metrics.jsonl", "add a day's usage and metric records from files"},
        {"evt-budget ingest --strict < usage.jsonl", "refuse a record whose id the ledger holds with other usage"}}},
      {"status",
       {{"evt-budget status", "each budget's spend, limit, burn rate, forecast and state"},
        {"evt-budget status --json", "the same as budget records"},
        {"evt-budget status --at 2026-12-06T23:00:00Z", "the budgets as they stood last night at eleven"}}},
      {"check",
       {{"evt-budget check", "decide what to shed or restore; exit 1 when a budget is over"},
        {"evt-budget check --dry-run --fail-on warn", "show the decision without storing it; exit 1 from warn up"},
        {"evt-scrape run | evt-budget check -", "ingest fresh metrics first, then decide"}}},
      {"report",
       {{"evt-budget report requests", "cost per 1000 requests per component"},
        {"evt-budget report --per 1 orders", "cost per order"}}},
      {"swap",
       {{"evt-budget swap ups-1", "hold back ups-1's readings for five minutes while a pack is swapped"},
        {"evt-budget swap --for 15m --dry-run ups-1", "show the swap window without storing it"}}},
      {"governor", {{"evt-budget governor", "the shed level in force and since when"}}},
      {"rules",
       {{"evt-budget rules > /etc/prometheus/rules/evt-budget.yml", "write the budgets as Prometheus rules"},
        {"evt-budget rules --polkit > /etc/polkit-1/rules.d/50-evt.rules",
         "write the polkit rule that lets evt start and stop the shed units"}}},
      {"usage sync",
       {{"evt-budget usage sync", "push this box's usage to the hub and count the other boxes'"},
        {"evt-budget usage sync --watch --interval 5s", "keep syncing, at most five seconds apart"}}},
  };
}

}  // namespace evt::budget
