// A consistent copy of a live state database, taken with SQLite's online
// backup API: a tool may keep writing while it runs (WAL readers do not
// block writers), and the copy holds what was committed when it finished.
#pragma once

#include <string>

#include "common/status.h"

namespace evt {

// Copies the database at `from` to `to`, a new file created owner-only
// (the state holds signing keys and sessions). NoInput when `from` does not
// exist; IoErr when `to` exists already or cannot be created.
Status BackupDatabase(const std::string& from, const std::string& to);

}  // namespace evt
