// NAB's corpus in memory: the series, their labelled anomaly windows and the
// scoring profiles, as NAB v1.1 (github.com/numenta/NAB) lays them out:
//   ROOT/data/<category>/<name>.csv        timestamp,value
//   ROOT/labels/combined_windows.json      {"<category>/<name>.csv": [[start, end], ...]}
//   ROOT/config/profiles.json              {"standard": {"CostMatrix": {"tpWeight": ...}}, ...}
// tests/data/nab/ in this repo is such a root.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::nab {

// A labelled anomaly window: rows first_row..last_row, both included.
struct Window {
  std::size_t first_row = 0;
  std::size_t last_row = 0;
};

struct CorpusFile {
  std::string name;                     // "realKnownCause/nyc_taxi.csv", as the label file names it
  std::vector<std::string> timestamps;  // as written in the file
  std::vector<std::int64_t> epoch_seconds;
  std::vector<double> values;
  std::vector<Window> windows;          // in row order, disjoint

  std::size_t size() const { return values.size(); }
};

// A cost matrix of config/profiles.json. NAB's tnWeight is not used by its scorer.
struct Profile {
  std::string name;  // "standard", "reward_low_FP_rate", "reward_low_FN_rate"
  double tp_weight = 1.0;
  double fp_weight = 0.11;
  double fn_weight = 1.0;
};

struct Corpus {
  std::vector<CorpusFile> files;   // sorted by name
  std::vector<Profile> profiles;   // in the order of profiles.json

  // nullptr when absent.
  const CorpusFile* FindFile(std::string_view name) const;
  const Profile* FindProfile(std::string_view name) const;
  // Every labelled window of every file, those in a probationary period
  // included: NAB's "perfect" counts them all.
  std::size_t WindowCount() const;
  // The names of the files whose category starts with "artificial" (the 11
  // synthetic series): what the honest regime tunes its threshold on.
  std::vector<std::string> ArtificialFileNames() const;
};

// Reads a corpus laid out as above. Only the files the label file names are
// read; each must exist. Errors name the file and line: NoInput for a
// missing file, DataErr (65) for a bad timestamp or value, a window edge that
// is not exactly one row's timestamp, windows out of order or overlapping,
// a window of one row, or a malformed label or profile file.
Result<Corpus> LoadCorpus(const std::filesystem::path& root);

// What a corpus built in memory must satisfy before it is scored (LoadCorpus
// checks it): as many timestamps (if any) and epoch seconds (if any) as
// values, every window inside the file, at least two rows long, in row order
// and disjoint, and no two files with one name. DataErr naming the file.
Status CheckCorpus(const Corpus& corpus);

}  // namespace evt::nab
