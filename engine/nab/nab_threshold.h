// NAB's score of a detector at a threshold, and the threshold that maximises
// it (nab/sweeper.py calcScoreByThreshold, nab/optimizer.py).
//
// A row is a detection when its anomaly score is at least the threshold. A
// file's score is the sum of its false positives' weights plus, per scored
// window, the weight of its best (earliest) detection or -fnWeight when it
// has none (weights: nab_sweep.h). A corpus's score is the sum over files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/nab/nab_corpus.h"
#include "engine/nab/nab_results.h"

namespace evt::nab {

// Rows past the probationary period, as NAB counts them.
struct Counts {
  std::int64_t tp = 0;  // detections inside a window
  std::int64_t fp = 0;  // detections outside
  std::int64_t fn = 0;  // rows inside a window without a detection
  std::int64_t tn = 0;
};

struct ProfileResult {
  std::string profile;
  double threshold = 0;
  double score = 0;  // raw: NAB's "Score" total before normalisation
  Counts counts;
};

// The score of every file of the corpus at `threshold`.
// DataErr when the corpus fails CheckCorpus or the scores CheckScores.
Result<ProfileResult> ScoreAtThreshold(const Corpus& corpus, const DetectorScores& scores, const Profile& profile,
                                       double threshold);

// One file's share of ScoreAtThreshold: where a detector gains and loses points.
struct FileResult {
  std::string file;
  double score = 0;
  Counts counts;
};

// Every file's share, in corpus order; they add up to ScoreAtThreshold's.
Result<std::vector<FileResult>> ScoreEachFile(const Corpus& corpus, const DetectorScores& scores,
                                              const Profile& profile, double threshold);

// The threshold that gives the highest score over `files_to_optimise_on`
// (names of corpus files), with that score and counts over those files. All
// thresholds are tried at once in one sweep down the sorted anomaly scores,
// as NAB's sweeper does; of equal scores the highest threshold wins, and
// 1.1 (no detection at all) is a candidate. DataErr as ScoreAtThreshold, or
// for a name that is not in the corpus.
Result<ProfileResult> OptimiseThreshold(const Corpus& corpus, const DetectorScores& scores, const Profile& profile,
                                        const std::vector<std::string>& files_to_optimise_on);

// Every file of the corpus, by name: NAB's own regime optimises on them all.
std::vector<std::string> AllFileNames(const Corpus& corpus);

}  // namespace evt::nab
