// evt-load's replay flags, resolved once after parsing into the typed
// options the replay reader and schedule take, so no use site compares
// strings; every spelling error is a usage error (2) naming its flag.
#pragma once

#include "common/status.h"
#include "tools/load/cli.h"
#include "tools/load/load_config.h"
#include "tools/load/replay_log.h"
#include "tools/load/replay_schedule.h"

namespace evt::load {

// --log-format and --on-error, and the JSON log's field names from the
// config's load.replay.fields (the defaults where it names none).
Result<ReplayLogOptions> ResolveReplayLogOptions(const Options& options, const LoadSection& section);

// --speed, --max-gap, --allow-unsafe, --max-requests and --duration (an
// empty --max-gap or --duration is no limit; a negative --max-requests is
// refused).
Result<ReplayScheduleOptions> ResolveReplayScheduleOptions(const Options& options);

}  // namespace evt::load
