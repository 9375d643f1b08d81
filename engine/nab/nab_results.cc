#include "engine/nab/nab_results.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "common/atomic_file.h"
#include "common/json_parse.h"
#include "common/number_text.h"
#include "common/quoted.h"
#include "engine/nab/nab_csv.h"
#include "engine/nab/nab_timestamp.h"

namespace evt::nab {
namespace {

std::string At(std::string_view file, std::size_t line) {
  return std::string(file) + ":" + std::to_string(line) + ": ";
}

std::optional<double> ParseScore(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0.0 && v <= 1.0)) return std::nullopt;
  return v;
}

Result<std::vector<double>> LoadResultFile(const std::filesystem::path& path, const std::string& display,
                                           const CorpusFile& data) {
  std::vector<double> scores;
  scores.reserve(data.size());
  static constexpr std::string_view kColumns[] = {"timestamp", "anomaly_score"};
  std::size_t last_line = 1;
  EVT_RETURN_IF_ERROR(ForEachCsvRow(path, display, kColumns, [&](std::size_t line, std::span<const std::string_view> cells) {
    last_line = line;
    const std::size_t row = scores.size();
    if (row >= data.size()) {
      return Status::DataErr(At(display, line) + "an extra row: data/" + data.name + " has " +
                             std::to_string(data.size()) + " rows");
    }
    std::optional<std::int64_t> seconds = ParseNabTimestamp(cells[0]);
    if (!seconds || (!data.epoch_seconds.empty() && *seconds != data.epoch_seconds[row])) {
      std::string expected = data.timestamps.empty() ? std::string("row ") + std::to_string(row + 1)
                                                     : QuotedForMessage(data.timestamps[row]);
      return Status::DataErr(At(display, line) + "expected timestamp " + expected + " (row " +
                             std::to_string(row + 1) + " of data/" + data.name + "), got " +
                             QuotedForMessage(cells[0]));
    }
    std::optional<double> score = ParseScore(cells[1]);
    if (!score) {
      return Status::DataErr(At(display, line) + "expected an anomaly score from 0 to 1, got " +
                             QuotedForMessage(cells[1]));
    }
    scores.push_back(*score);
    return Status::Ok();
  }));
  if (scores.size() != data.size()) {
    return Status::DataErr(At(display, last_line + 1) + "missing rows: " + std::to_string(scores.size()) +
                           " scores for the " + std::to_string(data.size()) + " rows of data/" + data.name);
  }
  return scores;
}

// The result file of `file` under a detector's folder, as NAB names it.
std::filesystem::path ResultPath(const std::string& detector, const CorpusFile& file) {
  std::filesystem::path name(file.name);
  return name.parent_path() / (detector + "_" + name.filename().string());
}

std::string DetectorOfDir(const std::filesystem::path& dir) {
  return dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
}

// The shortest text that reads back as the same double.
void AppendNumber(std::string& out, double v) { out += ShortestText(v); }

std::string ResultCsv(const CorpusFile& file, const std::vector<double>& scores) {
  std::vector<char> in_window(file.size(), 0);
  for (const Window& w : file.windows) std::fill(in_window.begin() + w.first_row, in_window.begin() + w.last_row + 1, 1);
  std::string csv = "timestamp,value,anomaly_score,label\n";
  for (std::size_t row = 0; row < file.size(); ++row) {
    csv += file.timestamps[row];
    csv += ',';
    AppendNumber(csv, file.values[row]);
    csv += ',';
    AppendNumber(csv, scores[row]);
    csv += in_window[row] ? ",1\n" : ",0\n";
  }
  return csv;
}

}  // namespace

Status WriteResultsDir(const std::filesystem::path& dir, const Corpus& corpus, const DetectorScores& scores) {
  EVT_RETURN_IF_ERROR(CheckScores(corpus, scores));
  const std::string detector = DetectorOfDir(dir);
  for (const CorpusFile& file : corpus.files) {
    if (file.timestamps.size() != file.size()) {
      return Status::DataErr(file.name + ": no timestamps to write beside the scores");
    }
    const std::filesystem::path path = dir / ResultPath(detector, file);
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return Status::IoErr(path.parent_path().string() + ": cannot create the folder: " + error.message());
    EVT_RETURN_IF_ERROR(WriteFileAtomically(path.string(), ResultCsv(file, scores.by_file.at(file.name))));
  }
  return Status::Ok();
}

Status CheckScores(const Corpus& corpus, const DetectorScores& scores) {
  for (const CorpusFile& file : corpus.files) {
    auto it = scores.by_file.find(file.name);
    if (it == scores.by_file.end()) return Status::DataErr(file.name + ": no anomaly scores for this file");
    if (it->second.size() != file.size()) {
      return Status::DataErr(file.name + ": " + std::to_string(it->second.size()) + " anomaly scores for " +
                             std::to_string(file.size()) + " rows");
    }
    for (std::size_t row = 0; row < file.size(); ++row) {
      double s = it->second[row];
      if (!(s >= 0.0 && s <= 1.0)) {
        return Status::DataErr(file.name + ": row " + std::to_string(row + 1) + ": anomaly score " +
                               std::to_string(s) + " is not in [0, 1]");
      }
    }
  }
  return Status::Ok();
}

Result<DetectorScores> LoadResultsDir(const std::filesystem::path& dir, const Corpus& corpus) {
  const std::string detector = DetectorOfDir(dir);
  DetectorScores scores;
  for (const CorpusFile& file : corpus.files) {
    const std::filesystem::path relative = ResultPath(detector, file);
    EVT_ASSIGN_OR_RETURN(scores.by_file[file.name],
                         LoadResultFile(dir / relative, (std::filesystem::path(detector) / relative).string(), file));
  }
  return scores;
}

Result<PublishedScores> LoadPublishedScores(const std::filesystem::path& path) {
  EVT_ASSIGN_OR_RETURN(Value doc, ParseJsonFile(path.string()));
  const std::string display = path.filename().string();
  if (!doc.is_object()) return Status::DataErr(display + ": expected an object of detectors");
  PublishedScores published;
  for (const auto& [detector, profiles] : doc.as_object()) {
    if (!profiles.is_object()) return Status::DataErr(display + ": /" + detector + ": expected an object of profiles");
    for (const auto& [profile, score] : profiles.as_object()) {
      if (!score.is_number()) {
        return Status::DataErr(display + ": /" + detector + "/" + profile + ": expected a number");
      }
      published[detector][profile] = score.as_double();
    }
  }
  return published;
}

}  // namespace evt::nab
