#include "engine/nab/nab_threshold.h"

#include <algorithm>

#include "engine/nab/nab_sweep.h"

namespace evt::nab {
namespace {

// NAB starts its sweep above every possible score: nothing detected.
constexpr double kAboveEveryScore = 1.1;

struct CorpusRow {
  double anomaly_score;
  double weight;
  int window;  // index into all scored windows of the selection, or kOutsideWindows
};

// The scorable rows of the chosen files with their windows numbered across
// files, and how many windows are scored.
struct Selection {
  std::vector<CorpusRow> rows;
  std::size_t windows = 0;
};

// REQUIRES: CheckCorpus and CheckScores hold.
Result<Selection> Select(const Corpus& corpus, const DetectorScores& scores, const Profile& profile,
                         const std::vector<std::string>& names) {
  Selection selection;
  for (const std::string& name : names) {
    const CorpusFile* file = corpus.FindFile(name);
    if (file == nullptr) return Status::DataErr(name + ": no such file in the corpus");
    const std::vector<bool> scored = ScoredWindows(*file);
    std::vector<int> numbered(scored.size(), kOutsideWindows);
    for (std::size_t k = 0; k < scored.size(); ++k) {
      if (scored[k]) numbered[k] = static_cast<int>(selection.windows++);
    }
    for (const ScorableRow& row : ScorableRows(*file, scores.by_file.at(name), profile)) {
      int window = row.window == kOutsideWindows ? kOutsideWindows : numbered[row.window];
      selection.rows.push_back({row.anomaly_score, row.weight, window});
    }
  }
  return selection;
}

Status CheckInputs(const Corpus& corpus, const DetectorScores& scores) {
  EVT_RETURN_IF_ERROR(CheckCorpus(corpus));
  return CheckScores(corpus, scores);
}

ProfileResult ScoreSelection(const Selection& selection, const Profile& profile, double threshold) {
  ProfileResult result{profile.name, threshold, 0.0, {}};
  std::vector<double> best(selection.windows, -profile.fn_weight);
  double false_positives = 0;
  for (const CorpusRow& row : selection.rows) {
    const bool detected = row.anomaly_score >= threshold;
    if (row.window == kOutsideWindows) {
      if (detected) false_positives += row.weight;
      ++(detected ? result.counts.fp : result.counts.tn);
    } else {
      if (detected) best[row.window] = std::max(best[row.window], row.weight);
      ++(detected ? result.counts.tp : result.counts.fn);
    }
  }
  result.score = false_positives;
  for (double window : best) result.score += window;
  return result;
}

// The threshold of the best score: lowering the threshold past each distinct
// anomaly score turns that score's rows into detections.
double BestThreshold(const Selection& selection, const Profile& profile) {
  std::vector<const CorpusRow*> order;
  order.reserve(selection.rows.size());
  for (const CorpusRow& row : selection.rows) order.push_back(&row);
  std::stable_sort(order.begin(), order.end(),
                   [](const CorpusRow* a, const CorpusRow* b) { return a->anomaly_score > b->anomaly_score; });

  std::vector<double> best(selection.windows, -profile.fn_weight);
  double windows_total = -profile.fn_weight * static_cast<double>(selection.windows);
  double false_positives = 0;
  double best_threshold = kAboveEveryScore;
  double best_score = windows_total;
  for (std::size_t i = 0; i < order.size();) {
    const double threshold = order[i]->anomaly_score;
    for (; i < order.size() && order[i]->anomaly_score == threshold; ++i) {
      const CorpusRow& row = *order[i];
      if (row.window == kOutsideWindows) {
        false_positives += row.weight;
      } else if (row.weight > best[row.window]) {
        windows_total += row.weight - best[row.window];
        best[row.window] = row.weight;
      }
    }
    if (false_positives + windows_total > best_score) {
      best_score = false_positives + windows_total;
      best_threshold = threshold;
    }
  }
  return best_threshold;
}

}  // namespace

std::vector<std::string> AllFileNames(const Corpus& corpus) {
  std::vector<std::string> names;
  for (const CorpusFile& f : corpus.files) names.push_back(f.name);
  return names;
}

Result<ProfileResult> ScoreAtThreshold(const Corpus& corpus, const DetectorScores& scores, const Profile& profile,
                                       double threshold) {
  EVT_RETURN_IF_ERROR(CheckInputs(corpus, scores));
  EVT_ASSIGN_OR_RETURN(Selection selection, Select(corpus, scores, profile, AllFileNames(corpus)));
  return ScoreSelection(selection, profile, threshold);
}

Result<std::vector<FileResult>> ScoreEachFile(const Corpus& corpus, const DetectorScores& scores,
                                              const Profile& profile, double threshold) {
  EVT_RETURN_IF_ERROR(CheckInputs(corpus, scores));
  std::vector<FileResult> results;
  for (const CorpusFile& file : corpus.files) {
    EVT_ASSIGN_OR_RETURN(Selection selection, Select(corpus, scores, profile, {file.name}));
    ProfileResult r = ScoreSelection(selection, profile, threshold);
    results.push_back({file.name, r.score, r.counts});
  }
  return results;
}

Result<ProfileResult> OptimiseThreshold(const Corpus& corpus, const DetectorScores& scores, const Profile& profile,
                                        const std::vector<std::string>& files_to_optimise_on) {
  EVT_RETURN_IF_ERROR(CheckInputs(corpus, scores));
  EVT_ASSIGN_OR_RETURN(Selection selection, Select(corpus, scores, profile, files_to_optimise_on));
  return ScoreSelection(selection, profile, BestThreshold(selection, profile));
}

}  // namespace evt::nab
