#include "tools/outbox/help_examples.h"

namespace evt::outbox {

HelpExampleTable HelpExamples() {
  return {
      {"put",
       {{"evt-price redeem --order < quotes.jsonl | evt-outbox put orders",
         "store each order durably in the orders queue before it is delivered"},
        {"evt-outbox put telemetry metrics.jsonl --batch 1024", "queue a file of metrics, 1024 records a transaction"}}},
      {"run",
       {{"evt-outbox run", "deliver what is due: one pass over every destination"},
        {"evt-outbox run --watch --interval 2s", "keep delivering, a pass every two seconds (the service)"},
        {"evt-outbox run --destination shop-api", "one pass over the shop's API only"}}},
      {"list",
       {{"evt-outbox list --queue orders", "the orders held, oldest first, with their deliveries"},
        {"evt-outbox list --state dead_lettered --limit 20", "the first twenty records with a dead letter"}}},
      {"status",
       {{"evt-outbox status", "per queue and destination: pending records, oldest age, retries"},
        {"evt-outbox status --json", "the same as records"}}},
      {"drop",
       {{"evt-outbox drop --dry-run 01J9Z3", "count the deliveries dropping record 01J9Z3 would give up"},
        {"evt-outbox drop --yes 01J9Z3", "give up on it here and, by replication, on every kiosk"}}},
      {"retry",
       {{"evt-outbox retry shop-api", "put the shop API's dead letters back to pending, due at once"},
        {"evt-outbox retry --dry-run shop-api 01J9Z3", "only count whether that record has a dead letter there"}}},
      {"export", {{"evt-outbox export > kiosk-a.jsonl", "every record and delivery row, for `merge` on another kiosk"}}},
      {"merge",
       {{"evt-outbox merge kiosk-a.jsonl", "join kiosk A's export into this store in one transaction"},
        {"ssh kiosk-a evt-outbox export | evt-outbox merge", "merge straight from kiosk A"}}},
      {"serve",
       {{"evt-outbox serve", "answer the other kiosks' sync on outbox.listen"},
        {"evt-outbox serve --listen 10.0.0.5:7481", "on the mesh address"}}},
      {"sync",
       {{"evt-outbox sync kiosk-b", "pull what kiosk B holds that this kiosk lacks, and push the rest"},
        {"evt-outbox sync --all --watch", "replicate with every peer until stopped"}}},
  };
}

}  // namespace evt::outbox
