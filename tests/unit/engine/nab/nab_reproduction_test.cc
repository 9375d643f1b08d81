// The proof that the scorer is NAB's: windowedGaussian's raw output, re-scored
// here, gives the figures NAB published for it.
#include <catch2/catch.hpp>
#include <iomanip>
#include <iostream>

#include "engine/nab/nab_report.h"
#include "tests/unit/engine/nab/nab_test_util.h"

namespace evt::nab {
namespace {

TEST_CASE("nab reproduction: windowedGaussian's published figures, within 0.1, from its raw output") {
  const std::filesystem::path root = test::RepoCorpusRoot();
  REQUIRE(std::filesystem::is_directory(root));
  Result<Corpus> corpus = LoadCorpus(root);
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  Result<DetectorScores> scores = LoadResultsDir(root / "results/windowedGaussian", *corpus);
  INFO(scores.status().ToString());
  REQUIRE(scores.ok());
  Result<PublishedScores> published = LoadPublishedScores(root / "results/final_results.json");
  REQUIRE(published.ok());

  Result<DetectorReport> report = ScoreDetector(*corpus, *scores, "windowedGaussian", Regime::kCorpusThreshold);
  REQUIRE(report.ok());
  std::cout << ReportTable({*report}, &*published);
  REQUIRE(report->profiles.size() == 3);
  for (const ProfileScore& p : report->profiles) {
    INFO(p.result.profile);
    const double expected = published->at("windowedGaussian").at(p.result.profile);
    std::cout << std::setprecision(10) << p.result.profile << ": got " << p.normalised << ", published " << expected << "\n";
    CHECK(p.normalised == Approx(expected).margin(0.1));
  }
}

TEST_CASE("nab reproduction: the null detector scores 0 and a perfect one 100 on the real corpus") {
  Result<Corpus> corpus = LoadCorpus(test::RepoCorpusRoot());
  REQUIRE(corpus.ok());
  DetectorScores null;
  DetectorScores perfect;
  for (const CorpusFile& f : corpus->files) {
    null.by_file[f.name].assign(f.size(), 0.5);
    std::vector<double>& s = perfect.by_file[f.name];
    s.assign(f.size(), 0.0);
    for (const Window& w : f.windows) s[w.first_row] = 1.0;
  }
  Result<DetectorReport> null_report = ScoreDetector(*corpus, null, "null", Regime::kCorpusThreshold);
  Result<DetectorReport> perfect_report = ScoreDetector(*corpus, perfect, "perfect", Regime::kCorpusThreshold);
  REQUIRE(null_report.ok());
  REQUIRE(perfect_report.ok());
  std::cout << ReportTable({*null_report, *perfect_report});
  for (const ProfileScore& p : null_report->profiles) CHECK(p.normalised == Approx(0.0).margin(1e-9));
  // Every labelled window of the corpus reaches past its file's probationary
  // period, so a detection on each window's first row earns the whole perfect score.
  for (const ProfileScore& p : perfect_report->profiles) CHECK(p.normalised == Approx(100.0).margin(1e-9));
}

}  // namespace
}  // namespace evt::nab
