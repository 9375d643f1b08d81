// What evt-runbook's commands share: the site's config and settings, and
// a runbook's info record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/value.h"
#include "common/status.h"
#include "tools/runbook/cli.h"
#include "tools/runbook/header.h"
#include "tools/runbook/runbook_file.h"
#include "tools/runbook/settings.h"

namespace evt::runbook {

// The site's config and evt-runbook's settings from it. Runbooks also run
// where there is no config at all (a fresh box, cron): then there are
// only defaults, unless a config was asked for by --config or $EVT_CONFIG.
struct SiteConfig {
  std::optional<Config> config;
  Settings settings;
};

Result<SiteConfig> LoadSiteConfig(const CommonOptions& common);

// The runbook.info record of `file` (list and show).
Value InfoRecord(const RunbookFile& file, const RunbookHeader& header);

// `items` joined with ", ".
std::string Joined(const std::vector<std::string>& items);

}  // namespace evt::runbook
