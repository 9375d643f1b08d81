#include "common/site_store.h"

#include <vector>

namespace evt {
namespace {

const std::vector<Migration>& SiteMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "CREATE TABLE heartbeat (daemon TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL,"
       " started_ms INTEGER NOT NULL, beat_ms INTEGER NOT NULL, one_shot INTEGER NOT NULL);"
       "CREATE TABLE hold (id INTEGER PRIMARY KEY CHECK (id = 1), reason TEXT NOT NULL, by TEXT NOT NULL,"
       " since_ms INTEGER NOT NULL, until_ms INTEGER NOT NULL);"},
  };
  return migrations;
}

}  // namespace

Result<Store> OpenSiteStore(const std::string& state_dir) { return Store::Open(state_dir, "site", SiteMigrations()); }

Result<Store> OpenSiteStoreMemory() { return Store::OpenMemory("site", SiteMigrations()); }

std::int64_t ToEpochMs(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint FromEpochMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace evt
