#include "engine/nab/nab_threshold.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>

#include "engine/nab/nab_sweep.h"
#include "tests/unit/engine/nab/nab_test_util.h"

namespace evt::nab {
namespace {

using test::ScoresWith;

// One file of 100 rows (0..14 probationary) with a window over rows 40..49.
Corpus OneWindowCorpus() {
  Corpus corpus;
  corpus.files.push_back(test::SyntheticFile("realTweets/one.csv", 100, {{40, 49}}));
  corpus.profiles = {test::StandardProfile()};
  return corpus;
}

double ScoreOf(const Corpus& corpus, std::vector<double> scores, double threshold = 0.5) {
  DetectorScores d;
  d.by_file[corpus.files[0].name] = std::move(scores);
  Result<ProfileResult> r = ScoreAtThreshold(corpus, d, corpus.profiles[0], threshold);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return r->score;
}

TEST_CASE("nab threshold: a missed window costs fnWeight, a detection at its left edge earns tpWeight") {
  const Corpus corpus = OneWindowCorpus();
  CHECK(ScoreOf(corpus, ScoresWith(100, {})) == Approx(-1.0));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{40, 1.0}})) == Approx(1.0));
  // A detection is a score at least the threshold.
  CHECK(ScoreOf(corpus, ScoresWith(100, {{40, 0.5}}), 0.5) == Approx(1.0));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{40, 0.49}}), 0.5) == Approx(-1.0));
}

TEST_CASE("nab threshold: only the earliest detection in a window counts") {
  const Corpus corpus = OneWindowCorpus();
  const double early = ScoreOf(corpus, ScoresWith(100, {{42, 1.0}}));
  CHECK(early == Approx(ScaledSigmoid(-0.8) / ScaledSigmoid(-1.0)));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{42, 1.0}, {45, 1.0}, {49, 1.0}})) == Approx(early));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{45, 1.0}})) < early);
}

TEST_CASE("nab threshold: false positives cost fpWeight, less just after a window, nothing in probation") {
  const Corpus corpus = OneWindowCorpus();
  CHECK(ScoreOf(corpus, ScoresWith(100, {{30, 1.0}})) == Approx(-1.0 - 0.11));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{40, 1.0}, {30, 1.0}, {90, 1.0}})) == Approx(1.0 - 0.11 + 0.11 * ScaledSigmoid(41.0 / 9)));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{40, 1.0}, {51, 1.0}})) == Approx(1.0 + 0.11 * ScaledSigmoid(2.0 / 9)));
  // Rows 0..14 are the probationary period: a detection there is neither.
  CHECK(ScoreOf(corpus, ScoresWith(100, {{14, 1.0}})) == Approx(-1.0));
  CHECK(ScoreOf(corpus, ScoresWith(100, {{15, 1.0}})) == Approx(-1.11));
}

TEST_CASE("nab threshold: the counts are rows past the probationary period") {
  const Corpus corpus = OneWindowCorpus();
  DetectorScores d;
  d.by_file["realTweets/one.csv"] = ScoresWith(100, {{3, 1.0}, {30, 1.0}, {41, 1.0}, {42, 1.0}});
  Result<ProfileResult> r = ScoreAtThreshold(corpus, d, corpus.profiles[0], 0.5);
  REQUIRE(r.ok());
  CHECK(r->counts.tp == 2);
  CHECK(r->counts.fn == 8);
  CHECK(r->counts.fp == 1);
  CHECK(r->counts.tn == 85 - 11);
}

TEST_CASE("nab threshold: the optimiser finds the best threshold, the highest of equals") {
  const Corpus corpus = OneWindowCorpus();
  DetectorScores d;
  // 0.95: a false positive alone (-1.11); 0.9: the window's left edge too
  // (0.89); 0.5: a later row of the same window changes nothing (0.89);
  // 0.3: another false positive (0.78).
  d.by_file["realTweets/one.csv"] = ScoresWith(100, {{30, 0.95}, {40, 0.9}, {44, 0.5}, {70, 0.3}});
  Result<ProfileResult> best = OptimiseThreshold(corpus, d, corpus.profiles[0], AllFileNames(corpus));
  REQUIRE(best.ok());
  CHECK(best->threshold == 0.9);
  CHECK(best->score == Approx(0.89));

  // When every detection only loses, no detection at all (1.1) is best.
  d.by_file["realTweets/one.csv"] = ScoresWith(100, {{30, 0.95}, {70, 0.3}});
  best = OptimiseThreshold(corpus, d, corpus.profiles[0], AllFileNames(corpus));
  REQUIRE(best.ok());
  CHECK(best->threshold == 1.1);
  CHECK(best->score == Approx(-1.0));
}

TEST_CASE("nab threshold: optimising on some files, then scoring all with that threshold") {
  Corpus corpus;
  corpus.files.push_back(test::SyntheticFile("artificialWithAnomaly/a.csv", 100, {{40, 49}}));
  corpus.files.push_back(test::SyntheticFile("realTweets/b.csv", 100, {{60, 69}}));
  corpus.profiles = {test::StandardProfile()};
  DetectorScores d;
  d.by_file["artificialWithAnomaly/a.csv"] = ScoresWith(100, {{40, 0.8}});
  d.by_file["realTweets/b.csv"] = ScoresWith(100, {{60, 0.6}});
  Result<ProfileResult> tuned = OptimiseThreshold(corpus, d, corpus.profiles[0], corpus.ArtificialFileNames());
  REQUIRE(tuned.ok());
  CHECK(tuned->threshold == 0.8);
  CHECK(tuned->score == Approx(1.0));
  Result<ProfileResult> all = ScoreAtThreshold(corpus, d, corpus.profiles[0], tuned->threshold);
  REQUIRE(all.ok());
  CHECK(all->score == Approx(0.0));  // b's window is missed at 0.8
}

TEST_CASE("nab threshold: scores that do not fit the corpus are data errors naming the file") {
  const Corpus corpus = OneWindowCorpus();
  const Profile& profile = corpus.profiles[0];
  DetectorScores d;
  CHECK_THAT(ScoreAtThreshold(corpus, d, profile, 0.5).status().message(),
             Catch::Contains("realTweets/one.csv: no anomaly scores"));
  d.by_file["realTweets/one.csv"] = std::vector<double>(99, 0.0);
  CHECK_THAT(ScoreAtThreshold(corpus, d, profile, 0.5).status().message(), Catch::Contains("99 anomaly scores for 100 rows"));
  d.by_file["realTweets/one.csv"] = ScoresWith(100, {{7, std::nan("")}});
  Result<ProfileResult> nan = ScoreAtThreshold(corpus, d, profile, 0.5);
  CHECK(nan.status().code() == ExitCode::kDataErr);
  CHECK_THAT(nan.status().message(), Catch::Contains("row 8"));
  d.by_file["realTweets/one.csv"] = ScoresWith(100, {});
  CHECK_THAT(OptimiseThreshold(corpus, d, profile, {"realTweets/two.csv"}).status().message(),
             Catch::Contains("realTweets/two.csv: no such file"));
}

TEST_CASE("nab threshold: each file's share, adding up to the corpus's score") {
  Corpus corpus;
  corpus.files.push_back(test::SyntheticFile("artificialWithAnomaly/a.csv", 100, {{40, 49}}));
  corpus.files.push_back(test::SyntheticFile("realTweets/b.csv", 100, {{60, 69}}));
  corpus.profiles = {test::StandardProfile()};
  DetectorScores d;
  d.by_file["artificialWithAnomaly/a.csv"] = ScoresWith(100, {{40, 0.8}, {20, 0.9}});
  d.by_file["realTweets/b.csv"] = ScoresWith(100, {});
  Result<std::vector<FileResult>> each = ScoreEachFile(corpus, d, corpus.profiles[0], 0.5);
  REQUIRE(each.ok());
  REQUIRE(each->size() == 2);
  CHECK((*each)[0].file == "artificialWithAnomaly/a.csv");
  CHECK((*each)[0].score == Approx(1.0 - 0.11));
  CHECK((*each)[0].counts.fp == 1);
  CHECK((*each)[1].score == Approx(-1.0));
  Result<ProfileResult> total = ScoreAtThreshold(corpus, d, corpus.profiles[0], 0.5);
  REQUIRE(total.ok());
  CHECK(total->score == Approx((*each)[0].score + (*each)[1].score));
}

std::uint32_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                                      : std::random_device{}();
  std::cout << "nab_threshold_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  return seed;
}

TEST_CASE("nab threshold: the one-sweep optimum equals the best of every threshold scored alone") {
  std::mt19937 rng(Seed());
  for (int round = 0; round < 50; ++round) {
    Corpus corpus;
    corpus.profiles = {{"p", 1.0, std::uniform_real_distribution<double>(0.05, 0.5)(rng), 1.0 + (round % 3)}};
    DetectorScores d;
    const int files = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < files; ++f) {
      const std::size_t rows = 40 + rng() % 200;
      std::vector<Window> windows;
      for (std::size_t start = rng() % 30; start + 5 < rows; start += 10 + rng() % 60) {
        const std::size_t end = std::min(rows - 1, start + 2 + rng() % 15);
        windows.push_back({start, end});
        start = end;
      }
      corpus.files.push_back(test::SyntheticFile("f" + std::to_string(f) + ".csv", rows, windows));
      std::vector<double>& s = d.by_file[corpus.files.back().name];
      // Few distinct values, so equal scores (ties) happen.
      for (std::size_t i = 0; i < rows; ++i) s.push_back(static_cast<double>(rng() % 21) / 20.0);
    }
    INFO("round " << round);
    REQUIRE(CheckCorpus(corpus).ok());
    Result<ProfileResult> swept = OptimiseThreshold(corpus, d, corpus.profiles[0], AllFileNames(corpus));
    REQUIRE(swept.ok());
    std::set<double> thresholds{1.1};
    for (const auto& [name, s] : d.by_file) thresholds.insert(s.begin(), s.end());
    double best = -1e300;
    for (double t : thresholds) {
      Result<ProfileResult> r = ScoreAtThreshold(corpus, d, corpus.profiles[0], t);
      REQUIRE(r.ok());
      best = std::max(best, r->score);
    }
    CHECK(swept->score == Approx(best).margin(1e-9));
    Result<ProfileResult> again = ScoreAtThreshold(corpus, d, corpus.profiles[0], swept->threshold);
    REQUIRE(again.ok());
    CHECK(again->score == Approx(swept->score).margin(1e-12));
  }
}

}  // namespace
}  // namespace evt::nab
