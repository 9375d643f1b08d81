// Escapes of the Prometheus and OpenMetrics text exposition formats, shared
// by every tool that writes metrics (evt-probe's --format, evt-scrape's
// output), so a label means the same whoever wrote it; and the gauge
// families evt-probe writes for probes and for flows, so both keep one
// layout (HELP, TYPE, OpenMetrics' UNIT and # EOF).
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

// A sample value as both formats read it: up to 15 significant digits.
std::string SampleValue(double value);

// `name="value"`, the value escaped; join several with ','.
std::string Label(std::string_view name, std::string_view value);

// One gauge family and its samples, written only when it has one.
struct GaugeFamily {
  std::string name;
  std::string help;
  std::string unit;  // OpenMetrics' UNIT, empty for none
  std::vector<std::string> samples;

  // `labels` as Label() joins them, without the braces.
  void Add(const std::string& labels, double value);
};

// The families that have samples, in the order given; OpenMetrics adds
// UNIT lines and the closing # EOF.
std::string RenderGaugeFamilies(const std::vector<const GaugeFamily*>& families, bool openmetrics);

}  // namespace evt
