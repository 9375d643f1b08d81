#include "tools/scrape/exposition_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>

#include "common/prometheus_text.h"
#include "common/utf8.h"
#include "tools/scrape/prometheus_names.h"

namespace evt::scrape {
namespace {

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  // The shortest text that reads back the same.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

// A name as a message shows it: quoted, control bytes escaped (an upstream
// name can hold a newline), cut when long.
std::string Shown(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : name.substr(0, 64)) {
    auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') out += {'\\', c};
    else if (c == '\n') out += "\\n";
    else if (b < 0x20 || b == 0x7f) out += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
    else out.push_back(c);
  }
  return out + (name.size() > 64 ? "...\"" : "\"");
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The upstream family a sample belongs to: the one its source named, or
// for samples without one, its name less the suffixes of its type.
std::string UpstreamFamily(const OutSample& s) {
  const std::string& family = s.meta->family;
  if (!family.empty() && s.name.starts_with(family)) return family;
  const std::string& type = s.meta->type;
  if (type == "histogram" || type == "summary") {
    for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (s.name.ends_with(suffix)) return s.name.substr(0, s.name.size() - suffix.size());
    }
  }
  return s.name;
}

// Every sample name a family of `type` may print: no other family may
// print them, or a parser would put its samples in this one.
std::vector<std::string> NamesOf(const std::string& f, std::string_view type, bool om) {
  if (type == "histogram") return om ? std::vector<std::string>{f, f + "_bucket", f + "_sum", f + "_count", f + "_created"}
                                     : std::vector<std::string>{f, f + "_bucket", f + "_sum", f + "_count"};
  if (type == "summary") return om ? std::vector<std::string>{f, f + "_sum", f + "_count", f + "_created"}
                                   : std::vector<std::string>{f, f + "_sum", f + "_count"};
  if (type == "gaugehistogram") return {f, f + "_bucket", f + "_gsum", f + "_gcount"};
  if (type == "counter") return om ? std::vector<std::string>{f, f + "_total", f + "_created"}
                                   : std::vector<std::string>{f, f + "_total"};
  if (type == "info") return {f, f + "_info"};
  return {f};
}

}  // namespace

ExpositionWriter::Placed ExpositionWriter::Place(const OutSample& s) const {
  std::string family = UpstreamFamily(s);
  std::string_view suffix = std::string_view(s.name).substr(family.size());
  const std::string& type = s.meta->type;
  if (!openmetrics_) {
    // A counter's samples end in _total, as OpenMetrics prints them: the
    // series is then named the same whichever format Prometheus reads. The
    // family is kept by its stem, as in OpenMetrics, so a gauge of that
    // name conflicts in both formats alike; Text() prints it with _total.
    if (type == "counter" && OneOf(suffix, {"", "_total"})) {
      std::string stem = s.name.ends_with("_total") ? s.name.substr(0, s.name.size() - 6) : s.name;
      return {stem, type, stem + "_total"};
    }
    if (type == "gauge" && suffix.empty()) return {s.name, type, s.name};
    if (type == "histogram" && OneOf(suffix, {"_bucket", "_sum", "_count"})) return {family, type, s.name};
    if (type == "summary" && OneOf(suffix, {"", "_sum", "_count"})) return {family, type, s.name};
    return {s.name, "untyped", s.name};
  }
  if (type == "counter" && suffix == "_created") return {family, type, s.name};
  if (type == "counter" && OneOf(suffix, {"", "_total"})) {
    std::string stem = s.name.ends_with("_total") ? s.name.substr(0, s.name.size() - 6) : s.name;
    return {stem, type, stem + "_total"};
  }
  bool fits = (type == "gauge" && suffix.empty()) ||
              (type == "histogram" && OneOf(suffix, {"_bucket", "_sum", "_count", "_created"})) ||
              (type == "gaugehistogram" && OneOf(suffix, {"_bucket", "_gsum", "_gcount"})) ||
              (type == "summary" && OneOf(suffix, {"", "_sum", "_count", "_created"})) ||
              (type == "info" && suffix == "_info") || (type == "stateset" && suffix.empty());
  if (fits) return {family, type, s.name};
  return {s.name, "unknown", s.name};
}

void ExpositionWriter::Report(std::string_view source, const std::string& what) {
  std::string problem = std::string(source) + ": " + what;
  if (reported_.insert(problem).second) problems_.push_back(std::move(problem));
}

bool ExpositionWriter::Claim(const Placed& placed, std::string_view source) {
  auto known = families_.find(placed.family);
  if (known != families_.end()) {
    if (known->second.type == placed.type) return true;
    Report(source, "family " + placed.family + " is typed " + placed.type + " here and " + known->second.type +
                       " by an earlier source: its samples are left out");
    return false;
  }
  std::vector<std::string> names = NamesOf(placed.family, placed.type, openmetrics_);
  for (const std::string& name : names) {
    auto owner = claimed_.find(name);
    if (owner != claimed_.end() && owner->second != placed.family) {
      Report(source, "family " + placed.family + " (" + placed.type + ") would print " + name + ", a name of family " +
                         owner->second + ": its samples are left out");
      return false;
    }
  }
  for (const std::string& name : names) claimed_.emplace(name, placed.family);
  families_.emplace(placed.family, Family{placed.type, "", "", std::string(source), {}});
  order_.push_back(placed.family);
  return true;
}

bool ExpositionWriter::AppendLabels(std::string& line, std::string& series, const Labels& labels, std::string_view source) {
  std::vector<std::string> names;
  for (const auto& label : labels) {
    names.push_back(SanitizedLabelName(label.first));
    if (names.back() != label.first) {
      Report(source, "label name " + Shown(label.first) + " is not a Prometheus name: printed as " + names.back());
    }
  }
  std::unordered_set<std::string> upstream(names.begin(), names.end());
  Labels printed = {{"source", std::string(source)}};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::string name = names[i];
    // As Prometheus does with a target's labels: the upstream's is renamed.
    if (name == "source" || name == "__name__") {
      name = "exported_" + name;
      while (upstream.count(name)) name = "exported_" + name;
    }
    auto same = [&](const auto& p) { return p.first == name; };
    if (std::any_of(printed.begin(), printed.end(), same)) {
      Report(source, "two labels print as " + name + ": those samples are left out");
      return false;
    }
    printed.emplace_back(std::move(name), labels[i].second);
  }
  for (std::size_t i = 0; i < printed.size(); ++i) {
    line += (i ? "," : "{") + printed[i].first + "=\"" + EscapeLabelValue(ToValidUtf8(printed[i].second)) + "\"";
  }
  line += "}";
  // A series is its name and its set of labels, in whatever order.
  std::sort(printed.begin(), printed.end());
  series = SeriesKey("", printed);
  return true;
}

void ExpositionWriter::Add(const OutSample& sample, std::string_view source) {
  Placed placed = Place(sample);
  std::string family = SanitizedMetricName(placed.family);
  if (family != placed.family) {
    Report(source, "metric name " + Shown(placed.family) + " is not a Prometheus name: printed as " + family);
  }
  placed.sample = family + placed.sample.substr(placed.family.size());
  placed.family = std::move(family);
  if (openmetrics_ && placed.type == "counter" && !placed.sample.ends_with("_created") &&
      (std::isnan(sample.value) || sample.value < 0)) {
    Report(source, placed.sample + ": an OpenMetrics counter is not negative or NaN: left out");
    return;
  }
  if (!Claim(placed, source)) return;
  std::string line = placed.sample;
  std::string series;
  if (!AppendLabels(line, series, sample.labels, source)) return;
  if (!series_.insert(placed.sample + series).second) {
    Report(source, "repeated series " + line + " (first kept)");
    return;
  }
  Family& f = families_[placed.family];
  if (f.help.empty()) f.help = sample.meta->help;
  if (f.unit.empty()) f.unit = sample.meta->unit;
  f.lines.push_back(line + " " + FormatNumber(sample.value));
}

std::string ExpositionWriter::Text() const {
  std::string out;
  for (const std::string& name : order_) {
    const Family& f = families_.at(name);
    if (f.lines.empty()) continue;
    // Prometheus 0.0.4 names a counter's family by its samples (…_total).
    std::string printed = !openmetrics_ && f.type == "counter" ? name + "_total" : name;
    // promtool's lint wants HELP on every family; the source is all evt
    // knows of one whose upstream gave none.
    std::string help = f.help.empty() ? "scraped from source " + f.first_source + ", which gave no HELP" : f.help;
    out += "# HELP " + printed + " " + EscapeHelpText(ToValidUtf8(help), openmetrics_) + "\n";
    out += "# TYPE " + printed + " " + f.type + "\n";
    // OpenMetrics parsers refuse a UNIT the family's name does not end with.
    if (openmetrics_ && !f.unit.empty() && name.ends_with("_" + f.unit)) out += "# UNIT " + name + " " + f.unit + "\n";
    for (const std::string& line : f.lines) out += line + "\n";
  }
  if (openmetrics_) out += "# EOF\n";
  return out;
}

}  // namespace evt::scrape
