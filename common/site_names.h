// The names a site's config gives to things a person types on the command
// line: runbooks, probe targets, scrape sources, failover paths and routes,
// outbox queues, destinations and peers, gates, kiosks, budget resources.
// Completion (common/cli_complete.h) offers them; nothing else should use
// this lenient reading: a tool reads its section strictly (common/config.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/state_dir.h"  // EnvLookup, SystemEnv
#include "common/value.h"

namespace evt {

enum class SiteNameKind {
  kNone,
  kRunbook,            // *.lua in runbook.dirs and the shipped folder
  kProbeTarget,        // the keys of probe.targets
  kScrapeSource,       // the keys of scrape.sources
  kFailoverPath,       // failover.paths[].name
  kFailoverRoute,      // failover.routes[].name
  kOutboxQueue,        // the keys of outbox.queues
  kOutboxDestination,  // the keys of outbox.destinations
  kOutboxPeer,         // the keys of outbox.peers
  kGate,               // token.gate
  kKiosk,              // price.kiosk, outbox.kiosk and the keys of outbox.peers
  kBudgetResource,     // the keys of budget.rates
  kEnergySource,       // budget.budgets[].source of the energy budgets
};

struct SiteName {
  std::string name;
  std::string description;  // "" when the config says nothing short about it
};

// A config file as completion reads it: parsed, not checked.
struct SiteDocument {
  Value document;      // an empty object when there is no usable file
  std::string folder;  // the file's folder: relative paths resolve here
};

// The config the tools would read (common/config.h FindConfigFile: the
// --config value on the line, $EVT_CONFIG, the XDG default), parsed. Any
// problem (no file, bad JSON) gives an empty document, never an error: a
// completion must not fail loudly.
SiteDocument ReadSiteDocument(std::string_view config_flag, const EnvLookup& env = SystemEnv);

// The names of `kind` in `site`, in the config's order, each once.
// `shipped_runbook_dirs` are searched after runbook.dirs for kRunbook.
std::vector<SiteName> SiteNamesOf(SiteNameKind kind, const SiteDocument& site,
                                  const std::vector<std::string>& shipped_runbook_dirs = {});

// Where a release keeps the shipped runbooks, relative to the running
// binary (BIN/../share/evt/runbooks), and in a build tree the source's
// runbooks/; only the folders that exist.
std::vector<std::string> ShippedRunbookDirs();

}  // namespace evt
