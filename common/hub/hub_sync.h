// Syncing a box's grow-only sets with the PostgreSQL hub named by
// `site.hub` (doc/design.md §18). Offline-first: every gate admits from
// its own SQLite store; the hub only exchanges elements, and a hub that
// cannot be reached is Status::Unavailable (exit 69) with the box's own
// work untouched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/duration.h"
#include "common/hub/hub_set.h"
#include "common/status.h"
#include "common/store.h"

namespace evt::hub {

// `site.hub` read and checked: a libpq service name ("evt-hub") or a
// conninfo without a password ("host=hub.local dbname=evt user=gate"). A
// conninfo or URI that carries a password is refused (Status::Config
// naming the file and /site/hub): the password comes from .pgpass,
// PGPASSFILE or a 0600 file, by libpq's own conventions (PGSERVICE,
// sslmode, PGSSLROOTCERT … apply unchanged).
struct HubSettings {
  std::string conninfo;  // as libpq takes it: "service=evt-hub" for a bare service name
  std::string site;      // site.name: the rows this box reads and writes
  std::string where;     // "event.json: /site/hub", for messages
};
// nullopt when the config names no hub.
Result<std::optional<HubSettings>> ReadHubSettings(const Config& config);
// The same check for a hub named elsewhere (`hub migrate --hub SERVICE`,
// where = "--hub"); added by hubcore.
Result<HubSettings> HubSettingsFrom(const std::string& hub, std::string site, std::string where);

// What one pass did for one set.
struct HubSyncReport {
  std::string set;
  std::size_t pushed = 0;          // new at the hub
  std::size_t pushed_known = 0;    // the hub had the id already (same content or not)
  std::size_t push_conflicts = 0;  // ... of those, with a record other than ours (added by hubcore)
  std::size_t pulled = 0;          // rows read from the hub
  HubMergeCounts merged;           // what they did here
};

struct HubWatchOptions {
  Duration interval{1000};  // the longest a box goes without a pass while nothing is NOTIFYed
  // Between reconnect attempts while the hub is away (an attempt that took
  // longer is followed at once): a box back on the network should be heard
  // within a second or two, and an attempt is one SYN.
  Duration retry{1000};
  std::function<bool()> stop;                              // checked between passes (signals)
  std::function<void(const HubSyncReport&)> on_pass;       // each pass that moved something
  std::function<void(const Status&)> on_offline;           // the hub went away (once per outage)
  std::function<void()> on_online;                         // it came back
};

// A session with the hub for one box's store (where the cursors live:
// table hub_cursor in `store`, created on first use).
class HubSync {
 public:
  // Connects and checks the hub's schema: Unavailable when it cannot be
  // reached, Config when the password is wrong or missing, or the hub's
  // schema is older (run `hub migrate`) or newer than this evt.
  static Result<HubSync> Connect(const HubSettings& settings, Store& store);

  // Pushes then pulls every set once.
  Result<std::vector<HubSyncReport>> SyncOnce(std::vector<HubSetAdapter*> sets);
  // Passes until options.stop(): LISTENs so a push by another box is
  // pulled promptly, falls back to offline without a hitch when the hub
  // drops (the box keeps admitting) and catches up when it returns. A
  // pass that finds the box's store busy (TempFail) is tried again after
  // `interval`; any other failure (Config, a poisoned element's DataErr)
  // ends the watch with it.
  Status Watch(std::vector<HubSetAdapter*> sets, const HubWatchOptions& options);

  HubSync(HubSync&&) noexcept;
  HubSync& operator=(HubSync&&) noexcept;
  ~HubSync();

 private:
  struct Impl;
  explicit HubSync(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `evt-<tool> hub migrate`: brings the hub's schema to this evt's version
// (refusing one that is newer: Config), idempotent. `hub status` prints
// the schema version and the row counts per set for this site.
int RunHubMigrate(const Config& config);

}  // namespace evt::hub
