// The `probe.reach` record (schemas/records/probe.reach.json) and the
// table `evt-probe reach` prints on a terminal.
#pragma once

#include <string>

#include "common/value.h"
#include "tools/probe/reach_tally.h"

namespace evt::probe {

Value ReachRecord(const ReachPair& pair, const ReachReport& report);

// One row per direction; an asymmetric one is flagged in the warning style.
std::string ReachTable(const ReachReport& report, bool color, int width);

}  // namespace evt::probe
