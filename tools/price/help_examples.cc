#include "tools/price/help_examples.h"

namespace evt::price {

HelpExampleTable HelpExamples() {
  return {
      {"quote",
       {{"evt-price quote carts.jsonl", "price each cart of the file with the catalog and promotions of the config"},
        {"evt-price quote --explain=all --catalog catalog.json --promotions promos.json < carts.jsonl",
         "price carts from stdin and explain every promotion, also those that did not apply"},
        {"evt-price quote --strategy best --at 2026-12-24T18:00:00Z carts.jsonl",
         "the cheapest combination of promotions, as of Christmas Eve at six"}}},
      {"check",
       {{"evt-price check", "lint the configured catalog and promotions; exit 1 on findings"},
        {"evt-price check --catalog catalog.json --promotions promos.json --at 2026-12-01T00:00:00Z",
         "lint new files before installing them, as of the first of December"}}},
      {"redeem",
       {{"evt-price quote carts.jsonl | evt-price redeem", "commit each quote's promotions against their limits"},
        {"evt-price quote carts.jsonl | evt-price redeem --order | evt-outbox put orders",
         "redeem and queue each order for the shop's API"}}},
      {"redemptions export",
       {{"evt-price redemptions export > kiosk-a.jsonl", "write the redemptions this kiosk knows, for another kiosk"}}},
      {"redemptions merge",
       {{"evt-price redemptions merge kiosk-b.jsonl", "add kiosk B's redemptions; report the over-redemptions"},
        {"ssh kiosk-b evt-price redemptions export | evt-price redemptions merge", "merge straight from kiosk B"}}},
      {"redemptions over",
       {{"evt-price redemptions over", "list every over-redemption known here; exit 1 if any"},
        {"evt-price redemptions over --json", "the same as records"}}},
      {"redemptions sync",
       {{"evt-price redemptions sync", "push this kiosk's redemptions to the hub and merge the others'"},
        {"evt-price redemptions sync --watch", "keep syncing until stopped"}}},
      {"status",
       {{"evt-price status", "orders per kiosk and each limited promotion's use against its limit"},
        {"evt-price status --promotions promos.json", "the same against another promotions file"}}},
  };
}

}  // namespace evt::price
