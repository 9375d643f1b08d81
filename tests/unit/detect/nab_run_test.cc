#include <catch2/catch.hpp>

#include "engine/nab/nab_threshold.h"
#include "tools/detect/nab_run.h"

using namespace evt;
using namespace evt::detect;

namespace {

// Two files: a steady signal with one spike at row 300, inside a window.
nab::Corpus TinyCorpus() {
  nab::Corpus corpus;
  for (const char* name : {"artificialWithAnomaly/a.csv", "realTweets/b.csv"}) {
    nab::CorpusFile f;
    f.name = name;
    for (int row = 0; row < 400; ++row) {
      f.epoch_seconds.push_back(1'400'000'000 + 300 * row);
      f.values.push_back(row == 300 ? 500.0 : 10.0 + (row % 5));
    }
    f.windows.push_back({290, 310});
    corpus.files.push_back(f);
  }
  corpus.profiles.push_back(nab::Profile{"standard", 1.0, 0.11, 1.0});
  return corpus;
}

}  // namespace

TEST_CASE("nab run: every row of every file gets a score in [0, 1], 0 while warming up, high on the spike") {
  nab::Corpus corpus = TinyCorpus();
  DetectorSpec spec;
  nab::DetectorScores scores = ScoreCorpus(corpus, spec);
  REQUIRE(nab::CheckScores(corpus, scores).ok());
  const std::vector<double>& a = scores.by_file.at("artificialWithAnomaly/a.csv");
  REQUIRE(a.size() == 400);
  CHECK(a[0] == 0);
  CHECK(a[300] > 0.9);
  CHECK(a[200] < 0.9);
}

TEST_CASE("nab run: the scores are a detector's own, file by file (a fresh detector per file)") {
  nab::Corpus corpus = TinyCorpus();
  DetectorSpec spec;
  spec.kind = "holt";
  nab::DetectorScores scores = ScoreCorpus(corpus, spec);
  CHECK(scores.by_file.at("artificialWithAnomaly/a.csv") == scores.by_file.at("realTweets/b.csv"));
  Result<nab::ProfileResult> at = nab::ScoreAtThreshold(corpus, scores, corpus.profiles[0], 0.9);
  REQUIRE(at.ok());
  CHECK(at->counts.tp >= 2);
}
