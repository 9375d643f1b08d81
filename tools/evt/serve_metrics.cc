#include "tools/evt/serve_metrics.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/prometheus_text.h"

namespace evt::front {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// The metric name at the start of `line`, or "" when it has none.
std::string_view LeadingName(std::string_view line) {
  if (line.empty() || !IsNameStart(line[0])) return {};
  std::size_t end = 1;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  return line.substr(0, end);
}

// Whether a sample called `metric` belongs to the family `family`: itself,
// or a histogram's or summary's derived series.
bool BelongsTo(std::string_view metric, std::string_view family) {
  if (metric == family) return true;
  if (!metric.starts_with(family)) return false;
  const std::string_view suffix = metric.substr(family.size());
  return suffix == "_bucket" || suffix == "_sum" || suffix == "_count";
}

// "name{labels}" of a sample line: what identifies its series.
std::string_view SeriesKey(std::string_view line) {
  const std::size_t close = line.find('}');
  if (line.find('{') != std::string_view::npos && close != std::string_view::npos) return line.substr(0, close + 1);
  return line.substr(0, line.find(' '));
}

bool KnownType(std::string_view type) {
  return type == "counter" || type == "gauge" || type == "histogram" || type == "summary" || type == "untyped";
}

std::string ReadWhole(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ok = static_cast<bool>(in) || in.eof();
  return text.str();
}

}  // namespace

ExpositionMerger::Family& ExpositionMerger::FamilyNamed(const std::string& name) {
  auto [it, added] = index_.try_emplace(name, families_.size());
  if (added) families_.push_back(Family{name, "", "", {}});
  return families_[it->second];
}

void ExpositionMerger::AddComment(std::string_view line, const std::string& where, std::string& current,
                                  bool& skip_current) {
  std::istringstream words{std::string(line)};
  std::string hash, keyword, name;
  words >> hash >> keyword >> name;
  if (keyword != "HELP" && keyword != "TYPE") return;  // a plain comment
  if (LeadingName(name) != name) {
    problems_.push_back(where + ": a " + keyword + " line without a metric name");
    return;
  }
  if (name != current) skip_current = false;
  current = name;
  Family& family = FamilyNamed(name);
  std::string rest;
  std::getline(words >> std::ws, rest);
  if (keyword == "HELP") {
    if (family.help.empty()) family.help = rest;
    return;
  }
  if (!KnownType(rest)) {
    problems_.push_back(where + ": " + name + ": unknown type \"" + rest + "\"");
    skip_current = true;
  } else if (family.type.empty()) {
    family.type = rest;
  } else if (family.type != rest) {
    problems_.push_back(where + ": " + name + " is a " + rest + " here but a " + family.type + " elsewhere; left out");
    skip_current = true;
  }
}

void ExpositionMerger::AddSample(std::string_view line, const std::string& where, const std::string& current,
                                 bool skip_current) {
  const std::string_view metric = LeadingName(line);
  if (metric.empty() || line.find(' ') == std::string_view::npos) {
    problems_.push_back(where + ": not a sample line");
    return;
  }
  const bool in_current = !current.empty() && BelongsTo(metric, current);
  if (in_current && skip_current) return;
  const std::string series(SeriesKey(line));
  auto [seen, first] = series_seen_.try_emplace(series, where);
  if (!first) {
    problems_.push_back(where + ": " + series + " again (first in " + seen->second + "); left out");
    return;
  }
  FamilyNamed(in_current ? current : std::string(metric)).samples.push_back(std::string(line) + "\n");
}

void ExpositionMerger::Add(std::string_view text, const std::string& source) {
  std::string current;
  bool skip_current = false;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = source + ":" + std::to_string(number);
    if (line.front() == '#') {
      AddComment(line, where, current, skip_current);
    } else {
      AddSample(line, where, current, skip_current);
    }
  }
}

std::string ExpositionMerger::Render() const {
  std::string out;
  for (const Family& family : families_) {
    if (family.samples.empty()) continue;
    if (!family.help.empty()) out += "# HELP " + family.name + " " + family.help + "\n";
    if (!family.type.empty()) out += "# TYPE " + family.name + " " + family.type + "\n";
    for (const std::string& sample : family.samples) out += sample;
  }
  return out;
}

TextfileList ListTextfiles(const std::vector<std::string>& paths) {
  TextfileList list;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("evt-") && name.ends_with(".prom") && entry.is_regular_file(ec)) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      list.files.insert(list.files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(path, ec)) {
      list.files.push_back(path);
    } else {
      list.problems.push_back(path + ": no such file or folder");
    }
  }
  return list;
}

MetricsAnswer RenderMetrics(const std::vector<std::string>& textfile_paths, const ServeCounters& counters) {
  const TextfileList list = ListTextfiles(textfile_paths);
  ExpositionMerger merger;
  MetricFamily mtime{"evt_serve_textfile_mtime_seconds",
                     "when each textfile evt serve merges was last written (a stopped writer shows here)", "", {},
                     MetricType::kGauge};
  std::vector<std::string> unreadable;
  for (const std::string& path : list.files) {
    bool ok = false;
    const std::string text = ReadWhole(path, ok);
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(path, ec);
    if (!ok || ec) {
      unreadable.push_back(path + ": cannot be read");
      continue;
    }
    merger.Add(text, path);
    const auto seconds = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::file_clock::to_sys(written).time_since_epoch());
    mtime.Add(Label("file", path), static_cast<double>(seconds.count()) / 1000.0);
  }
  MetricFamily problems{"evt_serve_textfile_problems",
                        "textfiles missing or unreadable, and lines left out of the merge (evt serve's log says which)",
                        "", {}, MetricType::kGauge};
  MetricsAnswer answer;
  for (const std::vector<std::string>* found :
       std::initializer_list<const std::vector<std::string>*>{&list.problems, &unreadable, &merger.problems()}) {
    answer.problems.insert(answer.problems.end(), found->begin(), found->end());
  }
  problems.Add("", static_cast<double>(answer.problems.size()));
  MetricFamily requests{"evt_serve_requests", "requests evt serve answered, by route", "", {}, MetricType::kCounter};
  for (const auto& [route, count] : counters.requests) requests.Add(Label("route", route), count);
  answer.text = merger.Render() + RenderFamilies({&mtime, &problems, &requests}, false);
  return answer;
}

}  // namespace evt::front
