#include "tools/scrape/exposition_checks.h"

#include <cmath>
#include <map>
#include <string>

namespace evt::scrape {
namespace {

struct HistogramSeries {
  std::vector<std::pair<double, double>> buckets;  // (le, count) in exposition order
  std::optional<double> count;
};

const std::string* LabelValue(const Labels& labels, std::string_view name) {
  for (const auto& [k, v] : labels) {
    if (k == name) return &v;
  }
  return nullptr;
}

Status CheckHistogram(const Family& family) {
  std::map<std::string, HistogramSeries> series;
  // Built in place per sample: a copy of the labels for each was most of
  // a histogram's check.
  std::string scratch;
  auto series_of = [&](const Labels& labels, std::string_view without) -> HistogramSeries& {
    scratch.clear();
    AppendSeriesKeyWithout(scratch, family.name, labels, without);
    auto it = series.find(scratch);
    return it != series.end() ? it->second : series[scratch];
  };
  std::string_view bucket_suffix = "_bucket";
  std::string_view count_suffix = family.type == "histogram" ? "_count" : "_gcount";
  for (const Sample& s : family.samples) {
    std::string_view suffix = std::string_view(s.name).substr(family.name.size());
    if (suffix == bucket_suffix) {
      const std::string* le = LabelValue(s.labels, "le");
      std::optional<double> bound = le ? ParseValue(*le) : std::nullopt;
      if (!bound || std::isnan(*bound)) {
        return Status::DataErr(SeriesKey(s.name, s.labels) + ": a bucket needs an le label holding a number or +Inf");
      }
      series_of(s.labels, "le").buckets.emplace_back(*bound, s.value);
    } else if (suffix == count_suffix) {
      series_of(s.labels, "").count = s.value;
    }
  }
  for (const auto& [key, h] : series) {
    if (h.buckets.empty()) return Status::DataErr(key + ": a histogram series without buckets (expected at least le=\"+Inf\")");
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
      if (!(h.buckets[i].first > h.buckets[i - 1].first)) {
        return Status::DataErr(key + ": bucket le values must increase, got " + std::to_string(h.buckets[i].first) +
                               " after " + std::to_string(h.buckets[i - 1].first));
      }
      if (h.buckets[i].second < h.buckets[i - 1].second) {
        return Status::DataErr(key + ": bucket counts must not decrease with le");
      }
    }
    if (!std::isinf(h.buckets.back().first)) return Status::DataErr(key + ": the last bucket must be le=\"+Inf\"");
    if (h.count && *h.count != h.buckets.back().second) {
      return Status::DataErr(key + ": _count is not the le=\"+Inf\" bucket's count");
    }
  }
  return Status::Ok();
}

Status CheckSummary(const Family& family) {
  for (const Sample& s : family.samples) {
    if (s.name != family.name) continue;
    const std::string* q = LabelValue(s.labels, "quantile");
    std::optional<double> quantile = q ? ParseValue(*q) : std::nullopt;
    if (!quantile || !(*quantile >= 0 && *quantile <= 1)) {
      return Status::DataErr(SeriesKey(s.name, s.labels) + ": a summary sample needs a quantile label from 0 to 1");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckFamily(const Family& family, ExpositionFormat format) {
  if (family.type == "histogram" || family.type == "gaugehistogram") return CheckHistogram(family);
  if (family.type == "summary") return CheckSummary(family);
  if (family.type == "counter" && format == ExpositionFormat::kOpenMetrics) {
    for (const Sample& s : family.samples) {
      if (std::isnan(s.value) || s.value < 0) {
        return Status::DataErr(SeriesKey(s.name, s.labels) + ": a counter must not be negative or NaN");
      }
    }
  }
  return Status::Ok();
}

}  // namespace evt::scrape
