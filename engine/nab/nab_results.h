// A detector's output on the NAB corpus: one anomaly score per row of every
// file, in memory (what evt's detectors produce) or read from NAB-style
// result files; and the published final scores to compare against.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/nab/nab_corpus.h"

namespace evt::nab {

struct DetectorScores {
  // File name as in Corpus ("realKnownCause/nyc_taxi.csv") -> one score in
  // [0, 1] per row of that file, in row order.
  std::map<std::string, std::vector<double>> by_file;
};

// DataErr unless every file of `corpus` has exactly one finite score in
// [0, 1] per row; the message names the file (and the row).
Status CheckScores(const Corpus& corpus, const DetectorScores& scores);

// Reads NAB's layout DIR/<category>/<detector>_<name>.csv for every file of
// the corpus, where <detector> is DIR's last component (NAB's
// results/<detector>/). Each file has a header with "timestamp" and
// "anomaly_score" columns (others are ignored) and one row per data row,
// whose timestamp must equal that data row's.
// Errors: NoInput for a missing file; DataErr "file:line: ..." for a row
// whose timestamp differs from the data's, a missing or extra row, or a
// score that is not a number in [0, 1].
Result<DetectorScores> LoadResultsDir(const std::filesystem::path& dir, const Corpus& corpus);

// Writes `scores` in the layout LoadResultsDir reads and NAB's own scorer
// (run.py --score) reads: DIR/<category>/<detector>_<name>.csv with
// "timestamp,value,anomaly_score,label" (label 1 inside a window), scores
// printed so they read back exactly, each file written atomically. So an
// evt detector's output can be checked with NAB's Python as well.
// DataErr when the scores do not fit the corpus (CheckScores) or a file has
// no timestamps (a corpus built in memory); IoErr when a file cannot be written.
Status WriteResultsDir(const std::filesystem::path& dir, const Corpus& corpus, const DetectorScores& scores);

// NAB's results/final_results.json: detector -> profile -> normalised score.
using PublishedScores = std::map<std::string, std::map<std::string, double>>;
Result<PublishedScores> LoadPublishedScores(const std::filesystem::path& path);

}  // namespace evt::nab
