#include "tools/probe/help_examples.h"

namespace evt::probe {

HelpExampleTable HelpExamples() {
  return {
      {"http",
       {{"evt-probe http https://shop.example/health", "probe the shop once, with DNS, connect, TLS and first-byte times"},
        {"evt-probe http --count 10 --expect-status 200 --expect-body '\"ok\"' https://shop.example/health",
         "ten probes a second apart; a wrong status or body is a failure"},
        {"evt-probe http --watch --interval 2s --interface wwan0 https://shop.example/health | evt-failover decide",
         "probe over the 5G uplink every two seconds, feeding the failover decider"}}},
      {"tcp",
       {{"evt-probe tcp pos.lan:443 printer.lan:9100", "time a connect to the till and to the printer"},
        {"evt-probe tcp --count 20 --window 10 -4 10.0.0.1:22", "twenty IPv4 connects, a loss and jitter summary every ten"}}},
      {"dns",
       {{"evt-probe dns shop.example", "time the lookup and show its answers"},
        {"evt-probe dns --server 1.1.1.1 --type AAAA shop.example", "ask another resolver for the IPv6 address"},
        {"evt-probe dns --environment staging shop.example", "check the answer against probe.dns_map's staging addresses"}}},
      {"cdn",
       {{"evt-probe cdn https://cdn.shop.example/app.js https://cdn.shop.example/app.css",
         "the cache hit ratio of two assets; fail below 0.85"},
        {"evt-probe cdn --min-hit-ratio 0.95 --name assets https://cdn.shop.example/app.js", "a stricter bar"}}},
      {"flow",
       {{"evt-probe flow buy.json", "run the synthetic purchase once, with its cleanup"},
        {"evt-probe flow --count 5 --textfile /var/lib/prometheus/node-exporter/evt-flow.prom buy.json",
         "five runs, with metrics for node_exporter"}}},
      {"run",
       {{"evt-probe run", "probe every target in the config once"},
        {"evt-probe run --watch uplink slice5g", "probe two of the config's targets until stopped"}}},
      {"reach",
       {{"cat kiosk-a.jsonl kiosk-b.jsonl | evt-probe reach", "who reaches whom, from both boxes' probe records"},
        {"evt-probe reach --since 10m --peer kiosk-b=kb-mesh probes.jsonl",
         "only the last ten minutes, probes of kb-mesh counting as kiosk B"}}},
  };
}

}  // namespace evt::probe
