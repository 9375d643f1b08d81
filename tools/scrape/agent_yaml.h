// `evt-scrape agent-config`: the Prometheus agent config for this box, the
// YAML `prometheus --enable-feature=agent --config.file=…` reads. Every
// series carries site="<site.name>" as an external label (the label the
// hub's rules aggregate by, doc/design.md §13), and remote_write's queue is
// sized for a 5G slice's uplink (few connections, large compressed batches,
// a slow backoff while the hub is unreachable) rather than Prometheus'
// datacentre defaults.
#pragma once

#include <string>

#include "tools/scrape/agent_config.h"

namespace evt::scrape {

std::string PrometheusAgentYaml(const std::string& site, const AgentSettings& agent);

}  // namespace evt::scrape
