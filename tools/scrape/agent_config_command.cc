// `evt-scrape agent-config`: scrape.agent as the Prometheus agent's YAML on
// stdout. It reads the config only (no state, no network), so it runs
// wherever the config is: on the box, or where its image is built.
#include <iostream>

#include "common/config.h"
#include "tools/scrape/agent_yaml.h"
#include "tools/scrape/commands.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {

Status RunAgentConfig(const Options& options) {
  // The YAML is the artifact; no record kind carries a Prometheus config,
  // and YAML where a pipe expects records would break it.
  if (options.common.json) return Status::Usage("agent-config: --json: the config is YAML for Prometheus, not records");
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(ScrapeConfig scrape, ReadScrapeConfig(config));
  if (!scrape.agent)
    return Status::Config(path + ": /scrape/agent: missing: agent-config needs scrape.agent with remote_write.url "
                                 "(the hub Prometheus' /api/v1/write)");
  EVT_RETURN_IF_ERROR(CheckBearerTokenFile(*scrape.agent));
  std::cout << PrometheusAgentYaml(config.site().name, *scrape.agent);
  std::cout.flush();
  if (!std::cout) return Status::IoErr("stdout: write failed");
  return Status::Ok();
}

}  // namespace evt::scrape
