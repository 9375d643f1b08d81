#include "tools/scrape/mapping.h"

#include <cmath>

#include "common/json_writer.h"
#include "common/time_format.h"
#include "tools/scrape/exposition_checks.h"

namespace evt::scrape {
namespace {

std::string Shown(const Value& v) {
  Result<std::string> json = ToJson(v);
  std::string text = json.ok() ? *json : std::string(v.type_name());
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

std::string RecordName(std::size_t index, const std::string& key) {
  return "record " + std::to_string(index + 1) + (key.empty() ? "" : " (" + key + ")");
}

// The text a label takes from a JSON value: strings as they are, other
// scalars as JSON writes them.
std::optional<std::string> LabelText(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_array() || v.is_object() || v.is_null()) return std::nullopt;
  Result<std::string> json = ToJson(v);
  if (!json.ok()) return std::nullopt;
  return *json;
}

Result<double> NumberOf(const Value& v, const MetricSpec& spec) {
  if (v.is_string()) {
    for (const auto& [text, number] : spec.values) {
      if (text == v.as_string()) return number;
    }
    if (std::optional<double> parsed = ParseValue(v.as_string())) return *parsed;
  } else if (!spec.values.empty() && !v.is_object() && !v.is_array()) {
    std::optional<std::string> text = LabelText(v);
    for (const auto& [key, number] : spec.values) {
      if (text && key == *text) return number;
    }
  }
  if (v.is_number()) return v.as_double();
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  std::string expected = spec.values.empty() ? "a number, a numeric string or true/false"
                                             : "a number or one of the strings in \"values\"";
  return Status::DataErr("expected " + expected + ", got " + Shown(v));
}

bool AddLabels(const std::vector<LabelSpec>& specs, const Value& document, const PathMatch& record, const std::string& metric,
               std::size_t index, Labels& labels, std::vector<std::string>& problems) {
  for (const LabelSpec& label : specs) {
    if (label.from == LabelSpec::From::kLiteral) {
      labels.emplace_back(label.name, label.literal);
    } else if (label.from == LabelSpec::From::kKey) {
      labels.emplace_back(label.name, record.key);
    } else {
      const Value* v = label.path->SelectOneFrom(document, *record.value);
      std::optional<std::string> text = v ? LabelText(*v) : std::nullopt;
      if (!text) {
        problems.push_back(metric + ": label " + label.name + ": " + label.path->text() + ": " +
                           (v ? "expected a string or number, got " + Shown(*v) : std::string("missing")) + " in " +
                           RecordName(index, record.key));
        return false;
      }
      labels.emplace_back(label.name, std::move(*text));
    }
  }
  return true;
}

// The record's time, or nullopt with a problem when it cannot be read.
std::optional<std::int64_t> TimestampOf(const JsonPath& path, const Value& document, const PathMatch& record,
                                        std::size_t index, std::vector<std::string>& problems) {
  const Value* v = path.SelectOneFrom(document, *record.value);
  if (v && v->is_number() && std::isfinite(v->as_double())) return static_cast<std::int64_t>(std::llround(v->as_double()));
  if (v && v->is_string()) {
    Result<TimePoint> t = ParseRfc3339(v->as_string());
    if (t.ok()) return t->time_since_epoch().count();
  }
  problems.push_back("timestamp: " + path.text() + ": " +
                     (v ? "expected an RFC 3339 time or epoch milliseconds, got " + Shown(*v) : std::string("missing")) +
                     " in " + RecordName(index, record.key));
  return std::nullopt;
}

}  // namespace

void ApplyMapping(const Mapping& mapping, const Value& document, MappingResult& result) {
  std::vector<PathMatch> records = mapping.records ? mapping.records->Select(document) : std::vector<PathMatch>{{&document, ""}};
  if (records.empty() && mapping.records) {
    result.problems.push_back("records: " + mapping.records->text() + " selects nothing");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const PathMatch& record = records[i];
    std::optional<std::int64_t> timestamp_ms;
    if (mapping.timestamp) {
      timestamp_ms = TimestampOf(*mapping.timestamp, document, record, i, result.problems);
      if (!timestamp_ms) continue;
    }
    for (const MetricSpec& metric : mapping.metrics) {
      const Value* v = metric.path ? metric.path->SelectOneFrom(document, *record.value) : record.value;
      if (!v || v->is_null()) {
        if (!metric.optional) {
          result.problems.push_back(metric.name + ": " + (metric.path ? metric.path->text() : std::string("$")) +
                                    ": missing in " + RecordName(i, record.key));
        }
        continue;
      }
      Result<double> value = NumberOf(*v, metric);
      if (!value.ok()) {
        result.problems.push_back(metric.name + ": " + metric.path->text() + ": " + value.status().message() + " in " +
                                  RecordName(i, record.key));
        continue;
      }
      MappedSample sample{{}, *value * metric.scale, &metric, timestamp_ms};
      if (!AddLabels(mapping.labels, document, record, metric.name, i, sample.labels, result.problems)) continue;
      if (!AddLabels(metric.labels, document, record, metric.name, i, sample.labels, result.problems)) continue;
      result.samples.push_back(std::move(sample));
    }
  }
  result.records += records.size();
}

}  // namespace evt::scrape
