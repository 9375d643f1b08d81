// NAB v1.1's per-row weighting (nab/sweeper.py, calcSweepScore): what one
// detection on a row would be worth under a profile.
//
// Inside a window a detection is a true positive worth
// tpWeight * ScaledSigmoid(position) / ScaledSigmoid(-1), position running
// from -1 at the window's first row to -1/width at its last, so earlier is
// better and only the best (earliest) detection in a window counts. Outside
// a window it is a false positive worth fpWeight * ScaledSigmoid(distance
// past the previous window's last row / (that window's width - 1)), which is
// negative and approaches -fpWeight; before the first window it is -fpWeight.
// The first ProbationaryRows(n) rows are not scored at all.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/nab/nab_corpus.h"

namespace evt::nab {

// 2 * sigmoid(-5 x) - 1 for x <= 3, -1 beyond: 0.98661 at x = -1 (a window's
// left edge), 0 at x = 0, -0.98661 at x = 1.
double ScaledSigmoid(double relative_position);

// NAB's probationary period: min(floor(0.15 n), 0.15 * 5000). Rows with an
// index below it are not scored.
double ProbationaryRows(std::size_t rows);

inline constexpr int kOutsideWindows = -1;

struct ScorableRow {
  double anomaly_score = 0;
  double weight = 0;              // what a detection here adds to the score
  int window = kOutsideWindows;   // index into the file's windows
};

// The rows of `file` past its probationary period, weighted for `profile`.
// REQUIRES: CheckCorpus holds for the file; scores.size() == file.size().
std::vector<ScorableRow> ScorableRows(const CorpusFile& file, std::span<const double> scores, const Profile& profile);

// The windows that reach past the probationary period: the ones a missed
// detection costs fnWeight for. A window wholly inside it is not scored.
std::vector<bool> ScoredWindows(const CorpusFile& file);

}  // namespace evt::nab
