// Escapes of the Prometheus and OpenMetrics text exposition formats, shared
// by every tool that writes metrics (evt-probe's --format, evt-scrape's
// output), so a label means the same whoever wrote it; and the metric
// families the tools write (probes, flows, failover, load, detect), so all
// keep one layout (HELP, TYPE, OpenMetrics' UNIT and # EOF, a counter's
// _total).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evt {

// A label value: \\, \" and \n escaped, as both formats want.
std::string EscapeLabelValue(std::string_view value);

// HELP text: \\ and \n escaped. Prometheus leaves quotes as they are;
// OpenMetrics escapes them as in a label value (`escape_quotes`).
std::string EscapeHelpText(std::string_view text, bool escape_quotes);

// A sample value as both formats read it: the shortest text that reads
// back as `value` (ShortestText, common/number_text.h), so a Unix time
// keeps its milliseconds and 0.0075 is not 0.0074999999999999997; NaN,
// +Inf and -Inf spelled as the formats spell them.
std::string SampleValue(double value);

// `name="value"`, the value escaped; join several with ','.
std::string Label(std::string_view name, std::string_view value);

enum class MetricType { kGauge, kCounter, kSummary };

// One metric family and its samples, written only when it has one. A
// counter's `name` is without `_total`: its samples carry the suffix, and
// so does its family in Prometheus 0.0.4 but not in OpenMetrics.
struct MetricFamily {
  std::string name;
  std::string help;
  std::string unit;  // OpenMetrics' UNIT, empty for none
  std::vector<std::string> samples;
  MetricType type = MetricType::kGauge;

  // `labels` as Label() joins them, without the braces; empty for none.
  void Add(const std::string& labels, double value);
  // A sample of the family's name plus `suffix`: a summary's _sum and _count.
  void AddSuffixed(std::string_view suffix, const std::string& labels, double value);
};
using GaugeFamily = MetricFamily;

// The families that have samples, in the order given; OpenMetrics adds
// UNIT lines and the closing # EOF.
std::string RenderFamilies(const std::vector<const MetricFamily*>& families, bool openmetrics);
inline std::string RenderGaugeFamilies(const std::vector<const MetricFamily*>& families, bool openmetrics) {
  return RenderFamilies(families, openmetrics);
}

}  // namespace evt
