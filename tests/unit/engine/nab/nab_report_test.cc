#include "engine/nab/nab_report.h"

#include <catch2/catch.hpp>

#include "tests/unit/engine/nab/nab_test_util.h"

namespace evt::nab {
namespace {

using test::ScoresWith;

TEST_CASE("nab report: normalisation puts null at 0 and perfect at 100") {
  CHECK(Normalise(-116, -116, 116) == 0.0);
  CHECK(Normalise(116, -116, 116) == 100.0);
  CHECK(Normalise(0, -116, 116) == 50.0);
  CHECK(Normalise(-232, -116, 116) == -50.0);
}

// Two files, one artificial, each with one window past the probationary period.
Corpus TwoFileCorpus() {
  Corpus corpus;
  corpus.files.push_back(test::SyntheticFile("artificialWithAnomaly/a.csv", 100, {{40, 49}}));
  corpus.files.push_back(test::SyntheticFile("realTweets/b.csv", 200, {{120, 139}}));
  corpus.profiles = {test::StandardProfile(), {"reward_low_FN_rate", 1.0, 0.11, 2.0}};
  return corpus;
}

TEST_CASE("nab report: a perfect detector scores 100 and the null one 0 on every profile") {
  const Corpus corpus = TwoFileCorpus();
  DetectorScores perfect;
  perfect.by_file["artificialWithAnomaly/a.csv"] = ScoresWith(100, {{40, 1.0}});
  perfect.by_file["realTweets/b.csv"] = ScoresWith(200, {{120, 1.0}});
  DetectorScores null;
  null.by_file["artificialWithAnomaly/a.csv"].assign(100, 0.5);
  null.by_file["realTweets/b.csv"].assign(200, 0.5);
  for (Regime regime : {Regime::kCorpusThreshold, Regime::kArtificialThreshold}) {
    Result<DetectorReport> p = ScoreDetector(corpus, perfect, "perfect", regime);
    Result<DetectorReport> n = ScoreDetector(corpus, null, "null", regime);
    REQUIRE(p.ok());
    REQUIRE(n.ok());
    REQUIRE(p->profiles.size() == 2);
    for (const ProfileScore& s : p->profiles) CHECK(s.normalised == Approx(100.0));
    for (const ProfileScore& s : n->profiles) CHECK(s.normalised == Approx(0.0).margin(1e-12));
  }
  // The null detector: nothing detected costs fnWeight per window, which
  // beats detecting every row; perfect earns tpWeight per window.
  Result<Baseline> standard = BaselineFor(corpus, corpus.profiles[0]);
  REQUIRE(standard.ok());
  CHECK(standard->null_score == Approx(-2.0));
  CHECK(standard->perfect_score == 2.0);
  Result<Baseline> low_fn = BaselineFor(corpus, corpus.profiles[1]);
  REQUIRE(low_fn.ok());
  CHECK(low_fn->null_score == Approx(-4.0));
}

TEST_CASE("nab report: the artificial regime takes the threshold the artificial files choose") {
  const Corpus corpus = TwoFileCorpus();
  DetectorScores d;
  d.by_file["artificialWithAnomaly/a.csv"] = ScoresWith(100, {{40, 0.9}});
  d.by_file["realTweets/b.csv"] = ScoresWith(200, {{120, 0.7}});
  Result<DetectorReport> corpus_regime = ScoreDetector(corpus, d, "d", Regime::kCorpusThreshold);
  Result<DetectorReport> honest = ScoreDetector(corpus, d, "d", Regime::kArtificialThreshold);
  REQUIRE(corpus_regime.ok());
  REQUIRE(honest.ok());
  CHECK(corpus_regime->profiles[0].result.threshold == 0.7);
  CHECK(corpus_regime->profiles[0].normalised == Approx(100.0));
  CHECK(honest->profiles[0].result.threshold == 0.9);
  CHECK(honest->profiles[0].normalised == Approx(50.0));  // (0 - -2) / (2 - -2)

  Corpus real_only = corpus;
  real_only.files.erase(real_only.files.begin());
  Result<DetectorReport> nothing_to_tune_on = ScoreDetector(real_only, d, "d", Regime::kArtificialThreshold);
  CHECK(nothing_to_tune_on.status().code() == ExitCode::kDataErr);
  CHECK_THAT(nothing_to_tune_on.status().message(), Catch::Contains("no files under artificial"));
}

TEST_CASE("nab report: the table and the objects carry the figures and the published one") {
  const Corpus corpus = TwoFileCorpus();
  DetectorScores d;
  d.by_file["artificialWithAnomaly/a.csv"] = ScoresWith(100, {{40, 0.9}});
  d.by_file["realTweets/b.csv"] = ScoresWith(200, {});
  Result<DetectorReport> report = ScoreDetector(corpus, d, "mine", Regime::kArtificialThreshold);
  REQUIRE(report.ok());
  const PublishedScores published{{"mine", {{"standard", 42.25}}}};
  const std::string table = ReportTable({*report}, &published);
  CHECK_THAT(table, Catch::StartsWith("detector  regime      profile"));
  CHECK_THAT(table, Catch::Contains("mine      artificial  standard") && Catch::Contains("50.0       42.2"));
  const std::vector<Value> objects = ReportObjects(*report, &published);
  REQUIRE(objects.size() == 2);
  CHECK(objects[0].find("regime")->as_string() == "artificial");
  CHECK(objects[0].find("score")->as_double() == Approx(50.0));
  CHECK(objects[0].find("threshold")->as_double() == 0.9);
  CHECK(objects[0].find("tp")->as_int() == 1);
  CHECK(objects[0].find("published")->as_double() == 42.25);
  CHECK(objects[1].find("published") == nullptr);
}

}  // namespace
}  // namespace evt::nab
