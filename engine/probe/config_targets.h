// The `probe` section of the config: named targets that `evt-probe run`
// probes and that evt-failover's paths refer to by name. A flow target's
// file is only named here; reading it is evt-probe's (target_flows.h).
//
//   "probe": {"targets": {
//     "uplink": {"check": "http", "url": "https://edge.example.net/healthz",
//                "interval": "2s", "timeout": "1s", "interface": "wwan0"},
//     "mesh":   {"check": "tcp", "address": "kiosk-2.local:443"},
//     "resolver": {"check": "dns", "name": "edge.example.net", "server": "127.0.0.1:53"},
//     "assets": {"check": "cdn", "urls": ["https://cdn.example.net/app.js"], "min_hit_ratio": 0.85},
//     "checkout": {"check": "flow", "flow": "flows/buy.json", "interval": "30s"}},
//    "dns_map": {"environment": "live", "names": {"edge.example.net": {"live": [...], ...}}}}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/status.h"
#include "engine/probe/dns_map.h"
#include "engine/probe/scheduler.h"

namespace evt::probe {

struct ConfigTarget {
  std::string name;
  std::string check;  // "http", "tcp", "dns", "cdn", "flow"
  // One for http/tcp/dns, one per URL for cdn, none for flow (run by the
  // flow engine, not here).
  std::vector<ScheduledTarget> probes;
  double min_hit_ratio = 0.85;      // cdn
  std::optional<std::string> flow;  // flow: the flow file, resolved against the config's folder
  Duration interval{2000};          // flow: between runs (default 30s)
  std::optional<Duration> flow_timeout;  // flow: overrides the flow file's own timeout
  std::string flow_where;                // flow: "event.json: /probe/targets/checkout/flow", for messages
};

// Reads and checks every target, strictly (unknown keys are errors, named
// by JSON pointer), and the section's dns_map (dns_map.h), whose active
// environment the dns targets expect. Defaults: interval 2s, timeout 5s,
// expect_status "2xx"; fast_interval stays unset when not given.
Result<std::vector<ConfigTarget>> ReadConfigTargets(const Config& config);

// Sets (or clears) what each dns target expects from `map`'s active
// environment: for a run with another --environment.
void ExpectFromDnsMap(const DnsMap& map, std::vector<ConfigTarget>& targets);

}  // namespace evt::probe
