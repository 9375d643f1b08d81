// `scrape.agent`: what a box behind CGNAT (a 5G slice, nobody can scrape
// it) needs to push its metrics to the hub's Prometheus: a Prometheus in
// agent mode scrapes the box's own exporters (node_exporter, whose textfile
// collector holds evt's textfiles) and remote-writes to the hub, buffering
// in its WAL while the uplink is down (doc/design.md §18).
//
//   "agent": { "remote_write": { "url": "https://metrics.example.net/api/v1/write",
//                                "bearer_token_file": "prometheus-remote-write.token" },
//              "scrape_interval": "15s",
//              "jobs": { "node": ["127.0.0.1:9100"] } }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"

namespace evt::scrape {

struct AgentJob {
  std::string name;                  // job_name, and the job label of its series
  std::vector<std::string> targets;  // "ADDR:PORT", numeric
};

struct AgentSettings {
  std::string remote_write_url;
  // The token Prometheus sends as "Authorization: Bearer": an absolute path
  // to a file only its owner can read; empty for none (a loopback hub).
  std::string bearer_token_file;
  std::string bearer_token_where;  // "event.json: /scrape/agent/remote_write/bearer_token_file"
  Duration scrape_interval{15000};
  std::vector<AgentJob> jobs;  // default: node_exporter at 127.0.0.1:9100
};

// Reads `agent` from the scrape section; nullopt when absent. Errors are
// Config (78) naming the key: a URL that is not http(s), a bearer token
// over plain http to a host that is not this machine, a target that is not
// ADDR:PORT.
Result<std::optional<AgentSettings>> ReadAgentSettings(const ConfigObject& scrape);

// The token file exists and only its owner can read it (Config naming the
// key otherwise). Checked when the agent config is written, not by every
// read of the section: the file lives where Prometheus runs, and
// `config check` of a config copied elsewhere (CI, examples/) must pass.
// Only the mode is looked at, never the bytes: Prometheus reads the file,
// maybe as another user.
Status CheckBearerTokenFile(const AgentSettings& agent);

}  // namespace evt::scrape
