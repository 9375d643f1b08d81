// What evt-scrape's run and test share: the loaded config with its session
// store, the sources a command names, the fetch environment, and the
// human table of samples.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/scrape/cli.h"
#include "tools/scrape/scrape_config.h"
#include "tools/scrape/scraper.h"
#include "tools/scrape/session_store.h"

namespace evt::scrape {

struct Loaded {
  ScrapeConfig config;
  std::optional<SessionStore> store;
  std::string state_dir;
};

// The config of --config, its scrape section and the session store of the
// state directory.
Result<Loaded> Load(const Options& options);

// The sources named in `names`, or all of them when it is empty; Usage for
// a name the config does not have.
Result<std::vector<const Source*>> Chosen(const ScrapeConfig& config, const std::vector<std::string>& names);

// The environment a fetch runs in: `http`, the session store, --insecure,
// a sleep that ends on a stop request, and the renderer for --render.
Result<FetchEnv> MakeEnv(HttpClient& http, Loaded& loaded, const Options& options);

// The samples of `outcomes` as a table on stdout, with an `up` row a source.
void PrintTable(const std::vector<ScrapeOutcome>& outcomes);

}  // namespace evt::scrape
