#include "engine/nab/nab_sweep.h"

#include <cmath>
#include <algorithm>

namespace evt::nab {
namespace {

constexpr double kProbationaryFraction = 0.15;
constexpr double kProbationaryCapRows = 5000;

}  // namespace

double ScaledSigmoid(double relative_position) {
  if (relative_position > 3.0) return -1.0;
  return 2.0 / (1.0 + std::exp(5.0 * relative_position)) - 1.0;
}

double ProbationaryRows(std::size_t rows) {
  return std::min(std::floor(kProbationaryFraction * static_cast<double>(rows)),
                  kProbationaryFraction * kProbationaryCapRows);
}

std::vector<ScorableRow> ScorableRows(const CorpusFile& file, std::span<const double> scores, const Profile& profile) {
  const double max_tp = ScaledSigmoid(-1.0);
  const double probation = ProbationaryRows(file.size());
  std::vector<ScorableRow> rows;
  rows.reserve(file.size());
  std::size_t next_window = 0;
  int current = kOutsideWindows;
  int previous = kOutsideWindows;
  for (std::size_t i = 0; i < file.size(); ++i) {
    if (current == kOutsideWindows && next_window < file.windows.size() && file.windows[next_window].first_row == i) {
      current = static_cast<int>(next_window++);
    }
    double weight;
    if (current != kOutsideWindows) {
      const Window& w = file.windows[current];
      const double width = static_cast<double>(w.last_row - w.first_row + 1);
      const double position = -static_cast<double>(w.last_row - i + 1) / width;
      weight = ScaledSigmoid(position) * profile.tp_weight / max_tp;
    } else if (previous == kOutsideWindows) {
      weight = -1.0 * profile.fp_weight;
    } else {
      const Window& w = file.windows[previous];
      const double width = static_cast<double>(w.last_row - w.first_row + 1);
      const double past = static_cast<double>(i - w.last_row) / (width - 1.0);
      weight = ScaledSigmoid(past) * profile.fp_weight;
    }
    if (static_cast<double>(i) >= probation) rows.push_back({scores[i], weight, current});
    if (current != kOutsideWindows && file.windows[current].last_row == i) {
      previous = current;
      current = kOutsideWindows;
    }
  }
  return rows;
}

std::vector<bool> ScoredWindows(const CorpusFile& file) {
  const double probation = ProbationaryRows(file.size());
  std::vector<bool> scored;
  for (const Window& w : file.windows) scored.push_back(static_cast<double>(w.last_row) >= probation);
  return scored;
}

}  // namespace evt::nab
