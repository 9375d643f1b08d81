// Helpers for the NAB engine's tests: the corpus checked into the repo, and
// small corpora written to a private temporary directory.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/nab/nab_corpus.h"

namespace evt::nab::test {

// tests/data/nab in the source tree. Tests that need it REQUIRE it exists,
// so a checkout without it fails rather than skips.
inline std::filesystem::path RepoCorpusRoot() { return std::filesystem::path(EVT_SOURCE_DIR) / "tests/data/nab"; }

// mkdtemp under $TMPDIR; removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-nab-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to path()/relative, making the folders on the way.
  void Write(const std::string& relative, const std::string& text) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

inline const char* kStandardProfiles = R"({"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0}}})";

// Ten rows at one-minute steps from 2014-04-01 00:00:00, value = row number.
inline std::string TenRowSeries() {
  std::string csv = "timestamp,value\n";
  for (int i = 0; i < 10; ++i) csv += "2014-04-01 00:0" + std::to_string(i) + ":00," + std::to_string(i) + "\n";
  return csv;
}

}  // namespace evt::nab::test

namespace evt::nab::test {

// A series of `rows` rows (values 0) with windows given as row ranges.
inline CorpusFile SyntheticFile(std::string name, std::size_t rows, std::vector<Window> windows) {
  CorpusFile f;
  f.name = std::move(name);
  f.values.assign(rows, 0.0);
  f.windows = std::move(windows);
  return f;
}

inline Profile StandardProfile() { return {"standard", 1.0, 0.11, 1.0}; }

// Zero everywhere but at `detections` (row -> score).
inline std::vector<double> ScoresWith(std::size_t rows, std::initializer_list<std::pair<std::size_t, double>> detections) {
  std::vector<double> s(rows, 0.0);
  for (auto [row, score] : detections) s[row] = score;
  return s;
}

}  // namespace evt::nab::test
