// Scores evt's detectors (engine/detect) on the NAB corpus with engine/nab,
// in NAB's regime (threshold optimised on the whole corpus) and the honest
// one (threshold optimised on the 11 artificial files), beside the
// published figures. Every detector runs with the hyperparameters of one
// file, the same for all 58 series; each sees a series sample by sample,
// no whole-file min/max, no look ahead.
//
// Usage: detect_nab NAB_ROOT HYPERPARAMETERS.json [DETECTOR...]
//   HYPERPARAMETERS.json: {"detectors": {"<name>": {<DetectorSpec>}, ...}}
//   DETECTOR: score only these names (all by default).
// Prints the table on stdout; per detector, the time per update and the
// largest state on stderr.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "engine/detect/detector.h"
#include "engine/detect/nab_hyperparameters.h"
#include "engine/nab/nab_report.h"

namespace {

using Clock = std::chrono::steady_clock;

int Fail(const evt::Status& status) {
  std::cerr << "detect_nab: " << status.ToString() << "\n";
  return evt::ToInt(status.code());
}

struct Run {
  evt::nab::DetectorScores scores;
  std::size_t updates = 0;
  double update_ns = 0;
  std::size_t state_bytes = 0;
};

Run RunDetector(const evt::nab::Corpus& corpus, const evt::detect::DetectorSpec& spec) {
  Run run;
  for (const evt::nab::CorpusFile& file : corpus.files) {
    auto detector = evt::detect::MakeDetector(spec);
    std::vector<double>& scores = run.scores.by_file[file.name];
    scores.resize(file.size());
    Clock::time_point start = Clock::now();
    for (std::size_t i = 0; i < file.size(); ++i) {
      scores[i] = detector->Update({static_cast<double>(file.epoch_seconds[i]), file.values[i]}).score;
    }
    run.update_ns += std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    run.updates += file.size();
    run.state_bytes = std::max(run.state_bytes, detector->StateBytes());
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: detect_nab NAB_ROOT HYPERPARAMETERS.json [DETECTOR...]\n";
    return 2;
  }
  evt::Result<evt::nab::Corpus> corpus = evt::nab::LoadCorpus(argv[1]);
  if (!corpus.ok()) return Fail(corpus.status());
  evt::Result<evt::nab::PublishedScores> published =
      evt::nab::LoadPublishedScores(std::filesystem::path(argv[1]) / "results" / "final_results.json");
  if (!published.ok()) return Fail(published.status());
  evt::Result<std::vector<evt::detect::NamedSpec>> specs = evt::detect::ReadNabHyperparameters(argv[2]);
  if (!specs.ok()) return Fail(specs.status());
  std::vector<std::string> only(argv + 3, argv + argc);

  std::vector<evt::nab::DetectorReport> reports;
  for (const evt::detect::NamedSpec& named : *specs) {
    if (!only.empty() && std::find(only.begin(), only.end(), named.name) == only.end()) continue;
    Run run = RunDetector(*corpus, named.spec);
    std::fprintf(stderr, "%s (%s): %zu updates, %.0f ns per update, state %zu bytes\n", named.name.c_str(),
                 named.spec.kind.c_str(), run.updates, run.update_ns / static_cast<double>(run.updates),
                 run.state_bytes);
    for (auto regime : {evt::nab::Regime::kCorpusThreshold, evt::nab::Regime::kArtificialThreshold}) {
      evt::Result<evt::nab::DetectorReport> report = evt::nab::ScoreDetector(*corpus, run.scores, named.name, regime);
      if (!report.ok()) return Fail(report.status());
      reports.push_back(std::move(report).value());
    }
  }
  std::cout << evt::nab::ReportTable(reports, &*published);
  return 0;
}
