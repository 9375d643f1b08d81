#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>

#include "engine/nab/nab_threshold.h"
#include "engine/detect/nab_hyperparameters.h"
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

TEST_CASE("nab run: --detector takes a committed spec by name or kind, and a kind without one runs on defaults") {
  std::vector<NamedSpec> specs;
  DetectorSpec holt;
  holt.kind = "holt";
  holt.scale_alpha = 0.005;
  specs.push_back({"evt_holt", holt});
  Result<NamedSpec> by_kind = ChooseNabSpec(specs, "holt");
  REQUIRE(by_kind.ok());
  CHECK(by_kind->name == "evt_holt");
  CHECK(by_kind->spec.scale_alpha == 0.005);
  CHECK(ChooseNabSpec(specs, "evt_holt")->spec.scale_alpha == 0.005);
  Result<NamedSpec> plain = ChooseNabSpec(specs, "contextual");
  REQUIRE(plain.ok());
  CHECK(plain->name == "evt_contextual");
  CHECK(plain->spec.kind == "contextual");
  Status unknown = ChooseNabSpec(specs, "prophet").status();
  CHECK(unknown.code() == ExitCode::kUsage);
  CHECK_THAT(unknown.message(), Catch::Contains("known: robust_z, holt, relative_entropy, contextual"));
}

TEST_CASE("nab run: the committed hyperparameters file reads, and a bad spec in it is named") {
  Result<std::vector<NamedSpec>> specs = ReadNabHyperparameters(EVT_SOURCE_DIR "/engine/detect/nab_hyperparameters.json");
  REQUIRE(specs.ok());
  // One committed spec per kind, each named for it, so --detector KIND finds it.
  CHECK(specs->size() == std::size(kDetectorKinds));
  for (const NamedSpec& s : *specs) CHECK(s.name == "evt_" + s.spec.kind);
  char pattern[] = "/tmp/evt-detect-hyper-XXXXXX";
  const int fd = mkstemp(pattern);
  REQUIRE(fd >= 0);
  const std::string text = R"({"detectors": {"evt_x": {"kind": "holt", "window": 3}}})";
  REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fd);
  Status bad = ReadNabHyperparameters(pattern).status();
  std::remove(pattern);
  CHECK(bad.code() == ExitCode::kDataErr);
  CHECK_THAT(bad.message(), Catch::Contains("/detectors/evt_x/window"));
}
