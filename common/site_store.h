// <state_dir>/site.db: what every tool of a site shares in its state root,
// the daemons' heartbeats (heartbeat.h) and the site-wide hold
// (site_hold.h). Its own small database, so that any tool can read and
// write it without opening another tool's store.
#pragma once

#include <string>

#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"

namespace evt {

Result<Store> OpenSiteStore(const std::string& state_dir);
Result<Store> OpenSiteStoreMemory();

// Times in site.db are milliseconds since the epoch, UTC.
std::int64_t ToEpochMs(TimePoint t);
TimePoint FromEpochMs(std::int64_t ms);

}  // namespace evt
