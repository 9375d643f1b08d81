#include "tools/detect/series_sample.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "common/prometheus_text.h"
#include "common/time_format.h"

namespace evt::detect {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

Status Bad(std::string_view field, std::string_view what) {
  return Status::DataErr("\"" + std::string(field) + "\": " + std::string(what));
}

bool Matches(const Value& record, const SeriesSpec& spec) {
  for (const auto& [field, wanted] : spec.match) {
    const Value* v = record.find(field);
    if (v == nullptr || !v->is_string() || v->as_string() != wanted) return false;
  }
  return true;
}

// The value at a dotted path, or nullptr when a step is missing.
const Value* FindPath(const Value& record, std::string_view path) {
  const Value* at = &record;
  while (at != nullptr) {
    const std::size_t dot = path.find('.');
    at = at->find(path.substr(0, dot));
    if (dot == std::string_view::npos) return at;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
}

Result<double> ReadValue(const Value& record, const std::string& field) {
  const Value* v = FindPath(record, field);
  if (v == nullptr || v->is_null()) return kMissing;
  if (v->is_bool()) return v->as_bool() ? 1.0 : 0.0;
  if (v->is_number()) return v->as_double();
  return Bad(field, "expected a number or a boolean, got " + std::string(v->type_name()));
}

Result<double> ReadTime(const Value& record) {
  const Value* ts = record.find("ts");
  if (ts == nullptr || !ts->is_string()) return Bad("ts", "expected an RFC 3339 time");
  Result<TimePoint> t = ParseRfc3339(ts->as_string());
  if (!t.ok()) return Bad("ts", t.status().message());
  return static_cast<double>(t->time_since_epoch().count()) / 1000.0;
}

Result<std::vector<std::pair<std::string, std::string>>> ReadLabels(const Value& record) {
  std::vector<std::pair<std::string, std::string>> labels;
  const Value* v = record.find("labels");
  if (v == nullptr || v->is_null()) return labels;
  if (!v->is_object()) return Bad("labels", "expected an object of strings");
  for (const auto& [name, value] : v->as_object()) {
    if (!value.is_string()) return Bad("labels", "expected an object of strings, \"" + name + "\" is not");
    labels.emplace_back(name, value.as_string());
  }
  std::sort(labels.begin(), labels.end());
  return labels;
}

}  // namespace

std::string SeriesKey(std::string_view name, std::string_view target,
                      const std::vector<std::pair<std::string, std::string>>& labels) {
  std::string key(name);
  if (target.empty() && labels.empty()) return key;
  std::string inside;
  if (!target.empty()) inside = "target=\"" + EscapeLabelValue(target) + "\"";
  for (const auto& [label, value] : labels)
    inside += (inside.empty() ? "" : ",") + label + "=\"" + EscapeLabelValue(value) + "\"";
  return key + "{" + inside + "}";
}

SeriesExtractor::SeriesExtractor(std::vector<SeriesSpec> specs) : specs_(std::move(specs)) {}

bool SeriesExtractor::Takes(std::string_view kind) const {
  return std::any_of(specs_.begin(), specs_.end(), [&](const SeriesSpec& s) { return s.kind == kind; });
}

Status SeriesExtractor::Extract(const Value& record, std::vector<SeriesSample>& out) const {
  const Value* kind = record.find("kind");
  if (kind == nullptr || !kind->is_string()) return Bad("kind", "expected a string");
  bool timed = false;
  double time_s = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const SeriesSpec& spec = specs_[i];
    if (spec.kind != kind->as_string() || !Matches(record, spec)) continue;
    if (!timed) {
      EVT_ASSIGN_OR_RETURN(time_s, ReadTime(record));
      timed = true;
    }
    SeriesSample s;
    s.spec = i;
    s.time_s = time_s;
    EVT_ASSIGN_OR_RETURN(s.value, ReadValue(record, spec.field));
    if (const Value* target = record.find("target"); target != nullptr && target->is_string())
      s.target = target->as_string();
    EVT_ASSIGN_OR_RETURN(s.labels, ReadLabels(record));
    s.key = SeriesKey(spec.name, s.target, s.labels);
    out.push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace evt::detect
