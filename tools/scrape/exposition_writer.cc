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

// A series as printed (`name{label="value",...}`, anything after the '}'
// ignored) as a key that does not depend on the labels' order: its name,
// then its `label="value"` texts sorted. Escaping is one-to-one, so two
// lines have one key exactly when they print one series.
std::string PrintedSeriesKey(std::string_view line) {
  std::size_t brace = line.find('{');
  std::vector<std::string_view> labels;
  std::size_t at = brace + 1;
  while (at < line.size() && line[at] != '}') {
    std::size_t start = at;
    at = line.find('"', at) + 1;  // the value's opening quote
    while (at < line.size() && line[at] != '"') at += line[at] == '\\' ? 2 : 1;
    labels.push_back(line.substr(start, at + 1 - start));
    at += line[at + 1] == ',' ? 2 : 1;
  }
  std::sort(labels.begin(), labels.end());
  std::string key(line.substr(0, brace + 1));
  for (std::string_view label : labels) (key += label) += ',';
  return key;
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

bool ExpositionWriter::AppendLabels(std::string& line, const Labels& labels, std::string_view source) {
  std::vector<std::string> names;
  for (const auto& label : labels) {
    names.push_back(SanitizedLabelName(label.first));
    if (names.back() != label.first) {
      Report(source, "label name " + Shown(label.first) + " is not a Prometheus name: printed as " + names.back());
    }
  }
  std::vector<std::string> printed = {"source"};
  for (const std::string& upstream : names) {
    std::string name = upstream;
    // As Prometheus does with a target's labels: the upstream's is renamed.
    if (name == "source" || name == "__name__") {
      name = "exported_" + name;
      while (std::find(names.begin(), names.end(), name) != names.end()) name = "exported_" + name;
    }
    if (std::find(printed.begin(), printed.end(), name) != printed.end()) {
      Report(source, "two labels print as " + name + ": those samples are left out");
      return false;
    }
    printed.push_back(std::move(name));
  }
  line += "{source=\"" + EscapeLabelValue(ToValidUtf8(source)) + "\"";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    line += "," + printed[i + 1] + "=\"" + EscapeLabelValue(ToValidUtf8(labels[i].second)) + "\"";
  }
  line += "}";
  return true;
}

void ExpositionWriter::OriginOf(std::string& out, const OutSample& sample, std::size_t parse) {
  auto add = [&](std::string_view part) {
    std::size_t size = part.size();
    out.append(reinterpret_cast<const char*>(&size), sizeof size);  // so parts cannot run into each other
    out.append(part);
  };
  out.clear();
  add(std::string_view(reinterpret_cast<const char*>(&parse), sizeof parse));
  add(sample.meta->family);
  add(sample.name);
  for (const auto& label : sample.labels) add(label.first);
}

bool ExpositionWriter::SameOrigin(const NameInSource& name, const OutSample& sample, std::size_t parse) {
  if (parse == kUnparsed) return false;
  OriginOf(origin_, sample, parse);
  return origin_ == name.origin;
}

// The keys of the series `placed.sample` printed for `source` so far.
Status ExpositionWriter::KeyPrinted(NameInSource& name, const Placed& placed, std::string_view source) {
  std::string prefix = placed.sample + "{source=\"" + EscapeLabelValue(ToValidUtf8(source)) + "\"";
  name.keyed = true;
  return spool_.ForEachLine(families_.at(placed.family).lines, [&](std::string_view line) {
    if (line.starts_with(prefix) && (line[prefix.size()] == ',' || line[prefix.size()] == '}')) {
      name.series.insert(PrintedSeriesKey(line));
    }
    return Status::Ok();
  });
}

bool ExpositionWriter::Repeats(const OutSample& sample, const Placed& placed, std::string_view line,
                               std::string_view source, std::size_t parse) {
  auto in_source = names_.find(source);
  if (in_source == names_.end()) in_source = names_.try_emplace(std::string(source)).first;
  auto [name, first] = in_source->second.try_emplace(placed.sample);
  if (first) {
    OriginOf(name->second.origin, sample, parse);
    name->second.keyed = parse == kUnparsed;
  } else if (!name->second.keyed && !SameOrigin(name->second, sample, parse)) {
    Status keyed = KeyPrinted(name->second, placed, source);
    if (!keyed.ok() && spooled_.ok()) spooled_ = keyed;
  }
  return name->second.keyed && !name->second.series.insert(PrintedSeriesKey(line)).second;
}

void ExpositionWriter::AddFrom(const OutSample& sample, std::string_view source, std::size_t parse) {
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
  if (!AppendLabels(line, sample.labels, source)) return;
  if (Repeats(sample, placed, line, source, parse)) {
    Report(source, "repeated series " + line + " (first kept)");
    return;
  }
  Family& f = families_[placed.family];
  if (f.help.empty()) f.help = sample.meta->help;
  if (f.unit.empty()) f.unit = sample.meta->unit;
  line += ' ';
  line += SampleValue(sample.value);
  line += '\n';
  Status spooled = spool_.Append(line, f.lines);
  if (!spooled.ok() && spooled_.ok()) spooled_ = spooled;
}

Status ExpositionWriter::WriteTo(const std::function<Status(std::string_view)>& out) const {
  EVT_RETURN_IF_ERROR(spooled_);
  for (const std::string& name : order_) {
    const Family& f = families_.at(name);
    if (f.lines.empty()) continue;
    // Prometheus 0.0.4 names a counter's family by its samples (…_total).
    std::string printed = !openmetrics_ && f.type == "counter" ? name + "_total" : name;
    // promtool's lint wants HELP on every family; the source is all evt
    // knows of one whose upstream gave none.
    std::string help = f.help.empty() ? "scraped from source " + f.first_source + ", which gave no HELP" : f.help;
    std::string head = "# HELP " + printed + " " + EscapeHelpText(ToValidUtf8(help), openmetrics_) + "\n";
    head += "# TYPE " + printed + " " + f.type + "\n";
    // OpenMetrics parsers refuse a UNIT the family's name does not end with.
    if (openmetrics_ && !f.unit.empty() && name.ends_with("_" + f.unit)) head += "# UNIT " + name + " " + f.unit + "\n";
    EVT_RETURN_IF_ERROR(out(head));
    EVT_RETURN_IF_ERROR(spool_.ForEachPiece(f.lines, out));
  }
  if (openmetrics_) return out("# EOF\n");
  return Status::Ok();
}

Result<std::string> ExpositionWriter::Text() const {
  std::string text;
  EVT_RETURN_IF_ERROR(WriteTo([&](std::string_view piece) {
    text.append(piece);
    return Status::Ok();
  }));
  return text;
}

}  // namespace evt::scrape
