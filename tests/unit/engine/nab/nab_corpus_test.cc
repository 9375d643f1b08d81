#include "engine/nab/nab_corpus.h"

#include <catch2/catch.hpp>

#include "tests/unit/engine/nab/nab_test_util.h"
#include "engine/nab/nab_timestamp.h"

namespace evt::nab {
namespace {

using test::TempDir;

TEST_CASE("nab timestamp: the data's and the labels' forms, as seconds since the epoch") {
  CHECK(ParseNabTimestamp("1970-01-01 00:00:00") == 0);
  CHECK(ParseNabTimestamp("2014-04-01 00:05:00") == 1396310700);
  CHECK(ParseNabTimestamp("2014-04-01 00:05:00.000000") == 1396310700);
  CHECK(ParseNabTimestamp("2014-02-29 00:00:00") == std::nullopt);
  CHECK(ParseNabTimestamp("2014-04-01 24:00:00") == std::nullopt);
  CHECK(ParseNabTimestamp("2014-04-01T00:05:00") == std::nullopt);
  CHECK(ParseNabTimestamp("2014-04-01 00:05:00.5") == std::nullopt);
  CHECK(ParseNabTimestamp("2014-04-01 00:05") == std::nullopt);
}

TEST_CASE("nab corpus: the repo's copy has NAB's 58 files, 116 windows and three profiles") {
  REQUIRE(std::filesystem::is_directory(test::RepoCorpusRoot()));
  Result<Corpus> corpus = LoadCorpus(test::RepoCorpusRoot());
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  CHECK(corpus->files.size() == 58);
  CHECK(corpus->WindowCount() == 116);
  CHECK(corpus->ArtificialFileNames().size() == 11);
  std::size_t rows = 0;
  for (const CorpusFile& f : corpus->files) rows += f.size();
  CHECK(rows == 365558);
  REQUIRE(corpus->profiles.size() == 3);
  const Profile* low_fn = corpus->FindProfile("reward_low_FN_rate");
  REQUIRE(low_fn != nullptr);
  CHECK(low_fn->fn_weight == 2.0);
  CHECK(low_fn->fp_weight == 0.11);

  const CorpusFile* taxi = corpus->FindFile("realKnownCause/nyc_taxi.csv");
  REQUIRE(taxi != nullptr);
  CHECK(taxi->timestamps.front() == "2014-07-01 00:00:00");
  CHECK(taxi->values.front() == 10844);
  REQUIRE(taxi->windows.size() == 5);
  // labels: ["2014-10-30 15:30:00.000000", "2014-11-03 22:30:00.000000"], half-hour rows.
  CHECK(taxi->timestamps[taxi->windows[0].first_row] == "2014-10-30 15:30:00");
  CHECK(taxi->timestamps[taxi->windows[0].last_row] == "2014-11-03 22:30:00");
}

struct TinyCorpus {
  TempDir dir;
  TinyCorpus(const std::string& windows, const std::string& series = test::TenRowSeries()) {
    dir.Write("data/artificialWithAnomaly/tiny.csv", series);
    dir.Write("labels/combined_windows.json", "{\"artificialWithAnomaly/tiny.csv\": " + windows + "}");
    dir.Write("config/profiles.json", test::kStandardProfiles);
  }
};

TEST_CASE("nab corpus: window edges become row numbers") {
  TinyCorpus tiny(R"([["2014-04-01 00:02:00.000000", "2014-04-01 00:04:00.000000"]])");
  Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
  REQUIRE(corpus.ok());
  REQUIRE(corpus->files[0].windows.size() == 1);
  CHECK(corpus->files[0].windows[0].first_row == 2);
  CHECK(corpus->files[0].windows[0].last_row == 4);
  CHECK(corpus->profiles[0].name == "standard");
}

TEST_CASE("nab corpus: CRLF line ends and blank lines are read as NAB's files") {
  TinyCorpus tiny(R"([["2014-04-01 00:01:00", "2014-04-01 00:02:00"]])",
                  "timestamp,value\r\n2014-04-01 00:00:00,1.5\r\n\r\n2014-04-01 00:01:00,2\r\n2014-04-01 00:02:00,-3e2\r\n");
  Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  CHECK(corpus->files[0].values == std::vector<double>{1.5, 2, -300});
  CHECK(corpus->files[0].timestamps[2] == "2014-04-01 00:02:00");
}

TEST_CASE("nab corpus: bad input is a data error naming the file and line") {
  SECTION("a window edge that is no row") {
    TinyCorpus tiny(R"([["2014-04-01 00:02:30.000000", "2014-04-01 00:04:00.000000"]])");
    Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
    REQUIRE(!corpus.ok());
    CHECK(corpus.status().code() == ExitCode::kDataErr);
    CHECK_THAT(corpus.status().message(),
               Catch::Contains("/artificialWithAnomaly/tiny.csv/0/0") && Catch::Contains("matches 0 rows"));
  }
  SECTION("windows out of order") {
    TinyCorpus tiny(R"([["2014-04-01 00:06:00", "2014-04-01 00:08:00"], ["2014-04-01 00:02:00", "2014-04-01 00:04:00"]])");
    Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
    REQUIRE(!corpus.ok());
    CHECK_THAT(corpus.status().message(), Catch::Contains("window 1") && Catch::Contains("precedes"));
  }
  SECTION("a value that is no number") {
    TinyCorpus tiny("[]", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:01:00,x\n");
    Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
    REQUIRE(!corpus.ok());
    CHECK(corpus.status().code() == ExitCode::kDataErr);
    CHECK_THAT(corpus.status().message(), Catch::StartsWith("data/artificialWithAnomaly/tiny.csv:3: expected a finite number"));
  }
  SECTION("a header without a value column") {
    TinyCorpus tiny("[]", "timestamp,v\n2014-04-01 00:00:00,1\n");
    Result<Corpus> corpus = LoadCorpus(tiny.dir.path());
    REQUIRE(!corpus.ok());
    CHECK_THAT(corpus.status().message(), Catch::StartsWith("data/artificialWithAnomaly/tiny.csv:1: expected a column named \"value\""));
  }
  SECTION("a file name that leaves data/") {
    TempDir dir;
    dir.Write("labels/combined_windows.json", R"({"../labels/combined_windows.json": []})");
    dir.Write("config/profiles.json", test::kStandardProfiles);
    Result<Corpus> corpus = LoadCorpus(dir.path());
    REQUIRE(!corpus.ok());
    CHECK(corpus.status().code() == ExitCode::kDataErr);
  }
  SECTION("a missing series") {
    TempDir dir;
    dir.Write("labels/combined_windows.json", R"({"realTweets/none.csv": []})");
    dir.Write("config/profiles.json", test::kStandardProfiles);
    Result<Corpus> corpus = LoadCorpus(dir.path());
    REQUIRE(!corpus.ok());
    CHECK(corpus.status().code() == ExitCode::kNoInput);
    CHECK_THAT(corpus.status().message(), Catch::StartsWith("data/realTweets/none.csv"));
  }
}

TEST_CASE("nab corpus: a corpus built in memory is checked before scoring") {
  Corpus corpus;
  corpus.files.push_back({"a.csv", {}, {}, std::vector<double>(10, 0.0), {{2, 2}}});
  CHECK_THAT(CheckCorpus(corpus).message(), Catch::Contains("at least two rows"));
  corpus.files[0].windows = {{8, 10}};
  CHECK_THAT(CheckCorpus(corpus).message(), Catch::Contains("past the last row"));
  corpus.files[0].windows = {{2, 4}, {6, 9}};
  CHECK(CheckCorpus(corpus).ok());
}

}  // namespace
}  // namespace evt::nab
