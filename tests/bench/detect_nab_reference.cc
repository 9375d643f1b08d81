// Scores NAB-layout detector output (ROOT/results/<detector>/...) with
// engine/nab in both threshold regimes, prints the figures beside the
// published ones (a table on stdout), and the time of each phase on stderr.
// Usage: detect_nab_reference [--json FILE] NAB_ROOT RESULTS_DIR...
//        detect_nab_reference --write-random SEED NAB_ROOT OUT_DIR
// The second form writes a random detector's output in NAB's layout (scores
// on a coarse grid, so thresholds tie, and finer ones, leaning high inside
// windows so the best threshold is not at an end), for comparing the scorer
// with NAB's own over the whole range of thresholds. --json FILE also writes
// the figures as JSON lines (ReportObjects), for detect_nab_reference.py.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "common/json_writer.h"
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

evt::nab::DetectorScores RandomDetector(const evt::nab::Corpus& corpus, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  evt::nab::DetectorScores scores;
  for (const auto& file : corpus.files) {
    std::vector<double>& s = scores.by_file[file.name];
    std::vector<bool> in_window(file.size(), false);
    for (const auto& w : file.windows) {
      for (std::size_t r = w.first_row; r <= w.last_row; ++r) in_window[r] = true;
    }
    for (std::size_t row = 0; row < file.size(); ++row) {
      double v = uniform(rng);
      if (in_window[row] && uniform(rng) < 0.02) v = 0.9 + 0.1 * v;
      s.push_back(uniform(rng) < 0.5 ? static_cast<double>(static_cast<int>(v * 20)) / 20 : v);
    }
  }
  return scores;
}

int WriteRandom(unsigned seed, const std::filesystem::path& root, const std::filesystem::path& out) {
  evt::Result<evt::nab::Corpus> corpus = evt::nab::LoadCorpus(root);
  if (!corpus.ok()) return Fail(corpus.status());
  evt::Status written = evt::nab::WriteResultsDir(out, *corpus, RandomDetector(*corpus, seed));
  return written.ok() ? 0 : Fail(written);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--write-random") {
    return WriteRandom(static_cast<unsigned>(std::stoul(argv[2])), argv[3], argv[4]);
  }
  std::string json_path;
  if (argc > 2 && std::string(argv[1]) == "--json") {
    json_path = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc < 3) {
    std::cerr << "usage: detect_nab_reference [--json FILE] NAB_ROOT RESULTS_DIR...\n";
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
  if (!json_path.empty()) {
    std::ofstream json(json_path);
    for (const auto& report : reports) {
      for (const evt::Value& object : evt::nab::ReportObjects(report, &*published)) {
        evt::Result<std::string> line = evt::ToJson(object);
        if (!line.ok()) return Fail(line.status());
        json << *line << "\n";
      }
    }
    if (!json) return Fail(evt::Status::IoErr(json_path + ": cannot write"));
  }
  return 0;
}
