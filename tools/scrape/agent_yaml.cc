#include "tools/scrape/agent_yaml.h"

#include "common/yaml_string.h"

namespace evt::scrape {
namespace {

// A slice gives a few Mbit/s up, shared with the tills: two shards and
// batches of 2000 samples (snappy compresses a large batch far better)
// keep one box's metrics to a trickle. After an outage the WAL's backlog
// drains at most max_shards batches at a time, so a reconnect does not
// starve the sales traffic. capacity holds two full batches per shard.
// A batch waits at most 5 s to fill: a box's few hundred series fill one
// in minutes, and the hub's view should lag by seconds, not that.
// The backoff rises to 30 s: a dead uplink is not retried at radio-waking
// pace, and a hub back from an outage gets the backlog within half a minute.
constexpr const char* kQueueConfig =
    "    queue_config:\n"
    "      capacity: 4000\n"
    "      min_shards: 1\n"
    "      max_shards: 2\n"
    "      max_samples_per_send: 2000\n"
    "      batch_send_deadline: 5s\n"
    "      min_backoff: 1s\n"
    "      max_backoff: 30s\n"
    "      retry_on_http_429: true\n"
    // Metadata (HELP, TYPE) changes with a release, not a minute.
    "    metadata_config:\n"
    "      send: true\n"
    "      send_interval: 10m\n";

std::string ScrapeJobs(const AgentSettings& agent) {
  std::string out = "scrape_configs:\n";
  for (const AgentJob& job : agent.jobs) {
    out += "  - job_name: " + YamlString(job.name) + "\n";
    out += "    static_configs:\n";
    out += "      - targets:\n";
    for (const std::string& target : job.targets) out += "          - " + YamlString(target) + "\n";
  }
  return out;
}

std::string RemoteWrite(const AgentSettings& agent) {
  std::string out = "remote_write:\n";
  out += "  - url: " + YamlString(agent.remote_write_url) + "\n";
  out += "    remote_timeout: 30s\n";
  if (!agent.bearer_token_file.empty()) {
    out += "    authorization:\n";
    out += "      type: Bearer\n";
    out += "      credentials_file: " + YamlString(agent.bearer_token_file) + "\n";
  }
  return out + kQueueConfig;
}

}  // namespace

std::string PrometheusAgentYaml(const std::string& site, const AgentSettings& agent) {
  // No config values in the comments: a newline in one would end the comment.
  std::string out =
      "# Written by evt-scrape agent-config: a Prometheus in agent mode that scrapes this box and\n"
      "# remote-writes to the hub, buffering in its WAL while the uplink is down. Run it as\n"
      "#   prometheus --enable-feature=agent --config.file=THIS_FILE \\\n"
      "#     --storage.agent.path=/var/lib/prometheus/evt-agent --storage.agent.retention.max-time=72h\n"
      "# (max-time: the longest outage whose samples still reach the hub).\n";
  out += "global:\n";
  out += "  scrape_interval: " + FormatDuration(agent.scrape_interval) + "\n";
  out += "  external_labels:\n";
  out += "    site: " + YamlString(site) + "\n";
  out += ScrapeJobs(agent);
  out += RemoteWrite(agent);
  return out;
}

}  // namespace evt::scrape
