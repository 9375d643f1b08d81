#include "engine/nab/nab_results.h"

#include <catch2/catch.hpp>

#include "tests/unit/engine/nab/nab_test_util.h"

namespace evt::nab {
namespace {

using test::TempDir;

// A corpus of one ten-row file and a results folder for detector "mine".
struct ResultsFixture {
  TempDir dir;
  Corpus corpus;
  ResultsFixture() {
    dir.Write("corpus/data/realTweets/tiny.csv", test::TenRowSeries());
    dir.Write("corpus/labels/combined_windows.json", R"({"realTweets/tiny.csv": []})");
    dir.Write("corpus/config/profiles.json", test::kStandardProfiles);
    Result<Corpus> loaded = LoadCorpus(dir.path() / "corpus");
    REQUIRE(loaded.ok());
    corpus = std::move(loaded).value();
  }
  // Rows of "timestamp,anomaly_score" for minutes 0..rows-1, score row/10.
  void WriteResults(int rows, const std::string& extra = "") const {
    std::string csv = "timestamp,value,anomaly_score\n";
    for (int i = 0; i < rows; ++i) {
      csv += "2014-04-01 00:0" + std::to_string(i) + ":00," + std::to_string(i) + ",0." + std::to_string(i) + "\n";
    }
    dir.Write("mine/realTweets/mine_tiny.csv", csv + extra);
  }
  Result<DetectorScores> Load() const { return LoadResultsDir(dir.path() / "mine", corpus); }
};

TEST_CASE("nab results: NAB's layout, the anomaly_score column found by name") {
  ResultsFixture f;
  f.WriteResults(10);
  Result<DetectorScores> scores = f.Load();
  INFO(scores.status().ToString());
  REQUIRE(scores.ok());
  const std::vector<double>& s = scores->by_file.at("realTweets/tiny.csv");
  REQUIRE(s.size() == 10);
  CHECK(s[0] == 0.0);
  CHECK(s[7] == 0.7);
  CHECK(CheckScores(f.corpus, *scores).ok());
}

TEST_CASE("nab results: a missing, extra or misplaced row is a data error naming file and line") {
  ResultsFixture f;
  SECTION("missing") {
    f.WriteResults(9);
    CHECK_THAT(f.Load().status().message(),
               Catch::StartsWith("mine/realTweets/mine_tiny.csv:11: missing rows: 9 scores for the 10 rows"));
  }
  SECTION("extra") {
    f.WriteResults(10, "2014-04-01 00:10:00,10,0.5\n");
    CHECK_THAT(f.Load().status().message(), Catch::StartsWith("mine/realTweets/mine_tiny.csv:12: an extra row"));
  }
  SECTION("another timestamp") {
    f.dir.Write("mine/realTweets/mine_tiny.csv", "timestamp,anomaly_score\n2014-04-01 00:00:00,0\n2014-04-01 00:05:00,0\n");
    Result<DetectorScores> scores = f.Load();
    CHECK(scores.status().code() == ExitCode::kDataErr);
    CHECK_THAT(scores.status().message(), Catch::StartsWith("mine/realTweets/mine_tiny.csv:3: expected timestamp \"2014-04-01 00:01:00\""));
  }
  SECTION("a score out of range") {
    f.dir.Write("mine/realTweets/mine_tiny.csv", "timestamp,anomaly_score\n2014-04-01 00:00:00,1.5\n");
    CHECK_THAT(f.Load().status().message(),
               Catch::StartsWith("mine/realTweets/mine_tiny.csv:2: expected an anomaly score from 0 to 1, got \"1.5\""));
  }
  SECTION("no file") {
    Result<DetectorScores> scores = f.Load();
    CHECK(scores.status().code() == ExitCode::kNoInput);
    CHECK_THAT(scores.status().message(), Catch::Contains("mine_tiny.csv"));
  }
}

TEST_CASE("nab results: written in NAB's layout, read back exactly") {
  ResultsFixture f;
  DetectorScores scores;
  scores.by_file["realTweets/tiny.csv"] = {0.0, 0.1, 1.0 / 3.0, 0.5, 1.0, 0.0, 0.2, 0.7, 0.9999999999999999, 0.0};
  REQUIRE(WriteResultsDir(f.dir.path() / "mine", f.corpus, scores).ok());
  Result<DetectorScores> back = f.Load();
  INFO(back.status().ToString());
  REQUIRE(back.ok());
  CHECK(back->by_file == scores.by_file);

  Corpus in_memory = f.corpus;
  in_memory.files[0].timestamps.clear();
  CHECK_THAT(WriteResultsDir(f.dir.path() / "other", in_memory, scores).message(), Catch::Contains("no timestamps"));
  scores.by_file["realTweets/tiny.csv"].pop_back();
  CHECK(WriteResultsDir(f.dir.path() / "mine", f.corpus, scores).code() == ExitCode::kDataErr);
}

TEST_CASE("nab results: the published final scores") {
  TempDir dir;
  dir.Write("final.json", R"({"null": {"standard": 0.0}, "windowedGaussian": {"standard": 39.6495}})");
  Result<PublishedScores> published = LoadPublishedScores(dir.path() / "final.json");
  REQUIRE(published.ok());
  CHECK(published->at("windowedGaussian").at("standard") == 39.6495);
  dir.Write("bad.json", R"({"null": {"standard": "zero"}})");
  CHECK_THAT(LoadPublishedScores(dir.path() / "bad.json").status().message(), Catch::Contains("/null/standard"));
}

}  // namespace
}  // namespace evt::nab
