#include "common/prometheus_text.h"

#include <cmath>
#include <cstdio>

namespace evt {

std::string EscapeLabelValue(std::string_view value) { return EscapeHelpText(value, true); }

std::string EscapeHelpText(std::string_view text, bool escape_quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && escape_quotes) out += "\\\"";
    else out.push_back(c);
  }
  return out;
}

std::string SampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[40];
  // 15 digits: a Unix time keeps its milliseconds, and 88.1 / 1000 still
  // prints as 0.0881.
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

std::string Label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + EscapeLabelValue(value) + "\"";
}

namespace {

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter: return "counter";
    case MetricType::kSummary: return "summary";
    case MetricType::kGauge: break;
  }
  return "gauge";
}

}  // namespace

void MetricFamily::Add(const std::string& labels, double value) {
  AddSuffixed(type == MetricType::kCounter ? "_total" : "", labels, value);
}

void MetricFamily::AddSuffixed(std::string_view suffix, const std::string& labels, double value) {
  samples.push_back(name + std::string(suffix) + (labels.empty() ? "" : "{" + labels + "}") + " " +
                    SampleValue(value) + "\n");
}

std::string RenderFamilies(const std::vector<const MetricFamily*>& families, bool openmetrics) {
  std::string out;
  for (const MetricFamily* f : families) {
    if (f->samples.empty()) continue;
    const std::string family = f->name + (f->type == MetricType::kCounter && !openmetrics ? "_total" : "");
    out += "# HELP " + family + " " + EscapeHelpText(f->help, openmetrics) + "\n";
    out += "# TYPE " + family + " " + TypeName(f->type) + "\n";
    if (openmetrics && !f->unit.empty()) out += "# UNIT " + family + " " + f->unit + "\n";
    for (const std::string& s : f->samples) out += s;
  }
  if (openmetrics) out += "# EOF\n";
  return out;
}

}  // namespace evt
