#include "tools/scrape/help_examples.h"

namespace evt::scrape {

HelpExampleTable HelpExamples() {
  return {
      {"run",
       {{"evt-scrape run", "scrape every source of the config once and print metric records"},
        {"evt-scrape run ups router | evt-budget ingest", "scrape two sources into the budget ledger"},
        {"evt-scrape run --insecure --render console", "a console with a self-signed certificate whose page needs its scripts"}}},
      {"test",
       {{"evt-scrape test ups", "scrape the UPS once and show what its mapping finds and misses"},
        {"evt-scrape test --render console", "the same for a page rendered by a headless Chromium"}}},
      {"map",
       {{"evt-scrape map pos pos-export.jsonl", "apply the pos source's mapping to a day's export"},
        {"journalctl -o json -u till | evt-scrape map till", "metrics from a service's journal"}}},
      {"agent-config",
       {{"evt-scrape agent-config > /etc/prometheus/agent.yml", "the Prometheus agent config for a box behind CGNAT"}}},
  };
}

}  // namespace evt::scrape
