// `evt-detect nab`: scores detectors on the NAB corpus (engine/nab) in both
// threshold regimes: NAB's (the threshold optimised on the whole corpus,
// comparable with its scoreboard) and the honest one (optimised on the
// artificial files only). The detectors are either stored NAB results
// (DIR/<category>/<detector>_<name>.csv) or evt's own, run here over every
// file with the specs committed for NAB (nab_hyperparameters.h), the same
// for all 58 files.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "engine/detect/detector.h"
#include "engine/nab/nab_corpus.h"
#include "engine/nab/nab_results.h"

namespace evt::detect {

// Runs a fresh detector of `spec` over each file of the corpus, in row
// order, and keeps its score of every row (0 while it warms up).
nab::DetectorScores ScoreCorpus(const nab::Corpus& corpus, const DetectorSpec& spec);

}  // namespace evt::detect
