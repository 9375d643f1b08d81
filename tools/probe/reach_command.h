// `evt-probe reach [FILE...]`: both boxes' probe records merged (files, or
// stdin) into `probe.reach` records, one per direction, each saying whether
// the way back works too (reach_tally.h).
#pragma once

#include "common/status.h"
#include "tools/probe/options.h"

namespace evt::probe {

// Exit 1 when a direction is asymmetric: the check ran and found one box
// reaching the other but not reached back.
Status RunReach(const Options& o);

}  // namespace evt::probe
