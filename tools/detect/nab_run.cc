#include "tools/detect/nab_run.h"

#include <algorithm>
#include <cmath>

namespace evt::detect {

nab::DetectorScores ScoreCorpus(const nab::Corpus& corpus, const DetectorSpec& spec) {
  nab::DetectorScores out;
  for (const nab::CorpusFile& file : corpus.files) {
    std::unique_ptr<Detector> detector = MakeDetector(spec);
    std::vector<double>& scores = out.by_file[file.name];
    scores.reserve(file.size());
    for (std::size_t row = 0; row < file.size(); ++row) {
      const double t = row < file.epoch_seconds.size() ? static_cast<double>(file.epoch_seconds[row]) : static_cast<double>(row);
      const double s = detector->Update(Sample{t, file.values[row]}).score;
      scores.push_back(std::isfinite(s) ? std::clamp(s, 0.0, 1.0) : 0.0);
    }
  }
  return out;
}

}  // namespace evt::detect
