// What the sync verbs share (`evt-token scans sync`, `evt-price
// redemptions sync`, `evt-budget usage sync`; doc/design.md §18): the
// flags, the hub the config names, one pass or --watch over HubSync
// (common/hub/hub_sync.h), and the sync record of a pass that moved
// something. Each tool adds what its merge revealed (double admissions,
// over-redemptions) after the pass.
//
// A sync is a mutating command without --dry-run: evt-runbook's dry run
// does not run it (doc/design.md §9.2), since what it would push depends on
// what the hub holds at the time.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli_common_options.h"
#include "common/hub/hub_sync.h"
#include "common/hub/sync_flags.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::hub {

// Adds --watch and --interval D to a sync subcommand.
void AddSyncFlags(CLI::App& command, SyncFlags& flags);

// --interval as a duration: Usage (2) naming the flag when it is not one.
Result<Duration> SyncInterval(const SyncFlags& flags);

// site.hub of the config the common options name: Config (78) naming the
// config and /site/hub when there is no config or it names no hub.
Result<HubSettings> ConfiguredHub(const CommonOptions& common);

// True when the pass pushed or pulled anything.
bool Moved(const HubSyncReport& report);
// {"kind": kind, "v": 1, "ts": ts, "set", "pushed", "pushed_known",
// "push_conflict", "pulled", "added", "duplicate", "conflict", "quarantined"}.
Value HubSyncRecord(std::string_view kind, const HubSyncReport& report, TimePoint ts);
// The same as a line for a person: "token.sync: pushed 3 (1 already at the
// hub), pulled 5: 2 new, 3 already here".
std::string HubSyncLine(const HubSyncReport& report);

// Called with each set's report of a pass that moved something.
using AfterPass = std::function<Status(const HubSyncReport&)>;

// One pass (Connect, SyncOnce), or with flags.watch passes until a stop
// signal. Once: Unavailable (69) when the hub cannot be reached, the box's
// store untouched. Watching: the hub may be away at the start or go away
// later; a warning says so once per outage, the box keeps its own work, and
// the passes resume when it is back. A poisoned row (65) or a config or
// schema problem (78) ends either. `cursors` is the store where HubSync
// keeps this box's cursors (the tool's own).
Status RunHubSync(const HubSettings& hub, Store& cursors, const std::vector<HubSetAdapter*>& sets,
                  const SyncFlags& flags, const AfterPass& after_pass);

}  // namespace evt::hub
