#include "engine/nab/nab_corpus.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "common/json_parse.h"
#include "common/quoted.h"
#include "engine/nab/nab_csv.h"
#include "engine/nab/nab_timestamp.h"

namespace evt::nab {
namespace {

std::string At(std::string_view file, std::size_t line) {
  return std::string(file) + ":" + std::to_string(line) + ": ";
}

std::optional<double> ParseFiniteDouble(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

Result<CorpusFile> LoadSeries(const std::filesystem::path& root, const std::string& name) {
  CorpusFile file;
  file.name = name;
  const std::string display = "data/" + name;
  static constexpr std::string_view kColumns[] = {"timestamp", "value"};
  EVT_RETURN_IF_ERROR(ForEachCsvRow(
      root / "data" / name, display, kColumns, [&](std::size_t line, std::span<const std::string_view> cells) {
        std::optional<std::int64_t> seconds = ParseNabTimestamp(cells[0]);
        if (!seconds) {
          return Status::DataErr(At(display, line) + "expected a timestamp such as \"2014-04-01 00:00:00\", got " +
                                 QuotedForMessage(cells[0]));
        }
        std::optional<double> value = ParseFiniteDouble(cells[1]);
        if (!value) {
          return Status::DataErr(At(display, line) + "expected a finite number, got " + QuotedForMessage(cells[1]));
        }
        file.timestamps.emplace_back(cells[0]);
        file.epoch_seconds.push_back(*seconds);
        file.values.push_back(*value);
        return Status::Ok();
      }));
  return file;
}

// "<category>/<name>.csv", nothing that could leave data/.
bool IsCorpusFileName(std::string_view name) {
  std::filesystem::path path(name);
  if (path.is_absolute() || !name.ends_with(".csv")) return false;
  for (const auto& part : path) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

// NAB requires a window edge to match exactly one row (labeler.py: found()).
Result<std::size_t> RowOfEdge(const CorpusFile& file, const Value& edge, const std::string& where) {
  if (!edge.is_string()) return Status::DataErr(where + ": expected a timestamp string, got " + std::string(edge.type_name()));
  std::optional<std::int64_t> seconds = ParseNabTimestamp(edge.as_string());
  if (!seconds) {
    return Status::DataErr(where + ": expected a timestamp such as \"2014-04-10 07:15:00.000000\", got " +
                           QuotedForMessage(edge.as_string()));
  }
  std::size_t matches = 0;
  std::size_t row = 0;
  for (std::size_t i = 0; i < file.epoch_seconds.size(); ++i) {
    if (file.epoch_seconds[i] == *seconds) {
      ++matches;
      row = i;
    }
  }
  if (matches != 1) {
    return Status::DataErr(where + ": " + QuotedForMessage(edge.as_string()) + " matches " + std::to_string(matches) +
                           " rows of data/" + file.name + ", expected exactly one");
  }
  return row;
}

Status AddWindows(CorpusFile& file, const Value& windows, const std::string& where) {
  if (!windows.is_array()) return Status::DataErr(where + ": expected an array of [start, end] pairs");
  const Array& pairs = windows.as_array();
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const std::string here = where + "/" + std::to_string(k);
    if (!pairs[k].is_array() || pairs[k].as_array().size() != 2) {
      return Status::DataErr(here + ": expected a [start, end] pair");
    }
    EVT_ASSIGN_OR_RETURN(std::size_t first, RowOfEdge(file, pairs[k].as_array()[0], here + "/0"));
    EVT_ASSIGN_OR_RETURN(std::size_t last, RowOfEdge(file, pairs[k].as_array()[1], here + "/1"));
    file.windows.push_back({first, last});
  }
  return Status::Ok();
}

Result<std::vector<Profile>> LoadProfiles(const std::filesystem::path& path) {
  const std::string display = "config/profiles.json";
  EVT_ASSIGN_OR_RETURN(Value doc, ParseJsonFile(path.string()));
  if (!doc.is_object() || doc.as_object().empty()) return Status::DataErr(display + ": expected an object of profiles");
  std::vector<Profile> profiles;
  for (const auto& [name, body] : doc.as_object()) {
    const std::string where = display + ": /" + name + "/CostMatrix";
    const Value* matrix = body.find("CostMatrix");
    if (matrix == nullptr || !matrix->is_object()) return Status::DataErr(where + ": expected an object");
    Profile profile;
    profile.name = name;
    for (auto [key, field] : {std::pair{"tpWeight", &profile.tp_weight}, std::pair{"fpWeight", &profile.fp_weight},
                              std::pair{"fnWeight", &profile.fn_weight}}) {
      const Value* weight = matrix->find(key);
      if (weight == nullptr || !weight->is_number() || !std::isfinite(weight->as_double()) || weight->as_double() < 0) {
        return Status::DataErr(where + "/" + key + ": expected a number of at least 0");
      }
      *field = weight->as_double();
    }
    profiles.push_back(profile);
  }
  return profiles;
}

}  // namespace

const CorpusFile* Corpus::FindFile(std::string_view name) const {
  auto it = std::lower_bound(files.begin(), files.end(), name,
                             [](const CorpusFile& f, std::string_view n) { return f.name < n; });
  return it != files.end() && it->name == name ? &*it : nullptr;
}

const Profile* Corpus::FindProfile(std::string_view name) const {
  for (const Profile& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::size_t Corpus::WindowCount() const {
  std::size_t n = 0;
  for (const CorpusFile& f : files) n += f.windows.size();
  return n;
}

std::vector<std::string> Corpus::ArtificialFileNames() const {
  std::vector<std::string> names;
  for (const CorpusFile& f : files) {
    if (f.name.starts_with("artificial")) names.push_back(f.name);
  }
  return names;
}

Status CheckCorpus(const Corpus& corpus) {
  for (std::size_t i = 0; i < corpus.files.size(); ++i) {
    const CorpusFile& f = corpus.files[i];
    if (i > 0 && corpus.files[i - 1].name >= f.name) {
      return Status::DataErr(f.name + ": files must be sorted by name, each once");
    }
    if ((!f.timestamps.empty() && f.timestamps.size() != f.size()) ||
        (!f.epoch_seconds.empty() && f.epoch_seconds.size() != f.size())) {
      return Status::DataErr(f.name + ": as many timestamps as values expected");
    }
    for (std::size_t k = 0; k < f.windows.size(); ++k) {
      const Window& w = f.windows[k];
      const std::string where = f.name + ": window " + std::to_string(k) + " (rows " + std::to_string(w.first_row) +
                                ".." + std::to_string(w.last_row) + ")";
      if (w.last_row >= f.size()) return Status::DataErr(where + ": past the last row " + std::to_string(f.size()));
      // NAB divides by (width - 1) when it weighs a false positive after a window.
      if (w.first_row >= w.last_row) return Status::DataErr(where + ": a window spans at least two rows");
      if (k > 0 && w.first_row <= f.windows[k - 1].last_row) {
        return Status::DataErr(where + ": overlaps or precedes the window before it");
      }
    }
  }
  return Status::Ok();
}

Result<Corpus> LoadCorpus(const std::filesystem::path& root) {
  const std::filesystem::path windows_path = root / "labels" / "combined_windows.json";
  EVT_ASSIGN_OR_RETURN(Value windows, ParseJsonFile(windows_path.string()));
  if (!windows.is_object()) return Status::DataErr("labels/combined_windows.json: expected an object of files");
  Corpus corpus;
  for (const auto& [name, file_windows] : windows.as_object()) {
    if (!IsCorpusFileName(name)) {
      return Status::DataErr("labels/combined_windows.json: " + QuotedForMessage(name) +
                             ": expected a name such as \"realKnownCause/nyc_taxi.csv\" inside data/");
    }
    EVT_ASSIGN_OR_RETURN(CorpusFile file, LoadSeries(root, name));
    EVT_RETURN_IF_ERROR(AddWindows(file, file_windows, "labels/combined_windows.json: /" + name));
    corpus.files.push_back(std::move(file));
  }
  std::sort(corpus.files.begin(), corpus.files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  EVT_ASSIGN_OR_RETURN(corpus.profiles, LoadProfiles(root / "config" / "profiles.json"));
  EVT_RETURN_IF_ERROR(CheckCorpus(corpus));
  return corpus;
}

}  // namespace evt::nab
