#include "common/prometheus_text.h"

#include "common/number_text.h"

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

std::string SampleValue(double value) { return ShortestText(value); }

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
