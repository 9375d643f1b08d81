// What evt-probe adds to the engine's `probe` section: the flow file a flow
// target names (the engine keeps only its path, since flows are evt-probe's
// own), and evt-probe's `config check`, which reads those files too.
#pragma once

#include "common/config.h"
#include "common/status.h"
#include "engine/flow/flow.h"
#include "engine/probe/config_targets.h"

namespace evt::probe {

// The flow file of a flow target, read strictly (flow_file.h). Every
// failure, a missing file included, is Status::Config prefixed with
// target.flow_where: the config points at something that is not a flow.
Result<Flow> ReadTargetFlow(const ConfigTarget& target);

// The `config check` of evt-probe.
Status CheckProbeSection(const Config& config);

}  // namespace evt::probe
