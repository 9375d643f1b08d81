// A detector's NAB figures per profile, normalised as NAB does, in two
// threshold regimes, and how they print: a table for people, JSON lines for
// tools.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "engine/nab/nab_corpus.h"
#include "engine/nab/nab_results.h"
#include "engine/nab/nab_threshold.h"

namespace evt::nab {

// 100 * (raw - null) / (perfect - null): null scores 0, perfect 100.
// REQUIRES: perfect != null.
double Normalise(double raw, double null_score, double perfect_score);

// NAB's reference points for a profile (runner.py normalize): the null
// detector (0.5 on every row) at its own threshold optimised on the whole
// corpus, and a perfect one, which earns tpWeight for every labelled window.
struct Baseline {
  double null_score = 0;
  double perfect_score = 0;
};
Result<Baseline> BaselineFor(const Corpus& corpus, const Profile& profile);

enum class Regime {
  kCorpusThreshold,      // NAB's: the threshold optimised on all files, comparable with its scoreboard
  kArtificialThreshold,  // honest: optimised on the artificial files only, then all files scored with it
};
// "corpus" or "artificial".
std::string_view RegimeName(Regime regime);

struct ProfileScore {
  ProfileResult result;
  Baseline baseline;
  double normalised = 0;
};

struct DetectorReport {
  std::string detector;
  Regime regime = Regime::kCorpusThreshold;
  std::vector<ProfileScore> profiles;  // in the corpus's profile order
};

// Scores `scores` on every profile of the corpus in `regime`. Both regimes
// normalise against the same Baseline, so their figures share one scale.
// DataErr as ScoreAtThreshold, or in the artificial regime when the corpus
// has no artificial files.
Result<DetectorReport> ScoreDetector(const Corpus& corpus, const DetectorScores& scores, std::string detector,
                                     Regime regime);

// One row per detector, regime and profile: threshold, raw score, the
// normalised score, and when `published` has the detector, its published
// figure beside it. Ends in a newline; plain text.
std::string ReportTable(const std::vector<DetectorReport>& reports, const PublishedScores* published = nullptr);

// One object per detector, regime and profile:
//   {"detector", "regime", "profile", "threshold", "raw_score", "null_score",
//    "perfect_score", "score", "tp", "fp", "fn", "tn"[, "published"]}
// for the caller to wrap in its record envelope.
std::vector<Value> ReportObjects(const DetectorReport& report, const PublishedScores* published = nullptr);

}  // namespace evt::nab
