#include "tools/failover/help_examples.h"

namespace evt::failover {

HelpExampleTable HelpExamples() {
  return {
      {"decide",
       {{"evt-probe http https://shop.example/health | evt-failover decide",
         "decide from probe records: health transitions and switches"},
        {"evt-failover decide --json < probes.jsonl > decisions.jsonl", "replay recorded probes into decisions"}}},
      {"watch",
       {{"evt-failover watch", "probe the paths' targets and decide continuously (the daemon)"},
        {"evt-failover watch --concurrency 4 --textfile /var/lib/prometheus/node-exporter/evt-failover.prom",
         "at most four probes at once, with metrics for node_exporter"}}},
      {"status",
       {{"evt-failover status", "each path's health and penalty, and the active path since when"},
        {"evt-failover status --json", "the same as records"}}},
      {"history",
       {{"evt-failover history", "the last 50 transitions and switches"},
        {"evt-failover history --limit 10 --json", "the last ten, as records"}}},
      {"force",
       {{"evt-failover force slice5g --for 30m", "carry traffic over the 5G slice for half an hour, whatever its health"},
        {"evt-failover force --wait=30s mesh", "force the peer mesh and wait up to 30 s for the daemon to act"}}},
      {"release",
       {{"evt-failover release", "end a force; the rules choose the path again"},
        {"evt-failover release --wait", "and show what the daemon's actions did"}}},
      {"route show",
       {{"evt-failover route show", "each route's desired weights beside what its proxy reads back"},
        {"evt-failover route show checkout", "only the checkout route"}}},
      {"route set",
       {{"evt-failover route set checkout --split cache=70,origin=30", "send 70 % of checkout to the cache now"}}},
      {"mode",
       {{"evt-failover mode", "show the service mode in force"},
        {"evt-failover mode reduced --for 1h", "ask the daemon for reduced service for an hour"},
        {"evt-failover mode normal", "back to normal service"}}},
      {"canary",
       {{"evt-failover canary checkout --to origin-v2 --dry-run", "print the plan: each step's weights"},
        {"evt-failover canary checkout --to origin-v2 --steps 5,25,50 --interval 10m --yes",
         "shift checkout to origin-v2 in three ten-minute steps, promoting it without asking"}}},
      {"canary status",
       {{"evt-failover canary status", "each route's canary: its step, verdicts and holder"},
        {"evt-failover canary status checkout", "only the checkout route's"}}},
      {"canary abort", {{"evt-failover canary abort checkout", "roll the checkout canary back now"}}},
  };
}

}  // namespace evt::failover
