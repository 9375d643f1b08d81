// Scores NAB-layout detector output (ROOT/results/<detector>/...) with
// engine/nab in both threshold regimes, prints the figures beside the
// published ones (a table on stdout), and the time of each phase on stderr.
// Usage: detect_nab_reference NAB_ROOT RESULTS_DIR...
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "engine/nab/nab_report.h"

namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int Fail(const evt::Status& status) {
  std::cerr << "detect_nab_reference: " << status.ToString() << "\n";
  return evt::ToInt(status.code());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: detect_nab_reference NAB_ROOT RESULTS_DIR...\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  Clock::time_point start = Clock::now();
  evt::Result<evt::nab::Corpus> corpus = evt::nab::LoadCorpus(root);
  if (!corpus.ok()) return Fail(corpus.status());
  std::size_t rows = 0;
  for (const auto& f : corpus->files) rows += f.size();
  std::fprintf(stderr, "load corpus: %zu files, %zu rows, %zu windows: %.0f ms\n", corpus->files.size(), rows,
               corpus->WindowCount(), MillisecondsSince(start));
  evt::Result<evt::nab::PublishedScores> published =
      evt::nab::LoadPublishedScores(root / "results" / "final_results.json");
  if (!published.ok()) return Fail(published.status());

  std::vector<evt::nab::DetectorReport> reports;
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path dir = argv[i];
    const std::string detector = dir.filename().string();
    start = Clock::now();
    evt::Result<evt::nab::DetectorScores> scores = evt::nab::LoadResultsDir(dir, *corpus);
    if (!scores.ok()) return Fail(scores.status());
    std::fprintf(stderr, "%s: read results: %.0f ms\n", detector.c_str(), MillisecondsSince(start));
    for (auto regime : {evt::nab::Regime::kCorpusThreshold, evt::nab::Regime::kArtificialThreshold}) {
      start = Clock::now();
      evt::Result<evt::nab::DetectorReport> report = evt::nab::ScoreDetector(*corpus, *scores, detector, regime);
      if (!report.ok()) return Fail(report.status());
      std::fprintf(stderr, "%s: score, %s regime, 3 profiles with their null baselines: %.0f ms\n", detector.c_str(),
                   std::string(evt::nab::RegimeName(regime)).c_str(), MillisecondsSince(start));
      reports.push_back(std::move(report).value());
    }
  }
  std::cout << evt::nab::ReportTable(reports, &*published);
  return 0;
}
