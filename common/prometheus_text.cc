#include "common/prometheus_text.h"

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
  char text[40];
  // 15 digits: a Unix time keeps its milliseconds, and 88.1 / 1000 still
  // prints as 0.0881.
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

std::string Label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + EscapeLabelValue(value) + "\"";
}

void GaugeFamily::Add(const std::string& labels, double value) {
  samples.push_back(name + "{" + labels + "} " + SampleValue(value) + "\n");
}

std::string RenderGaugeFamilies(const std::vector<const GaugeFamily*>& families, bool openmetrics) {
  std::string out;
  for (const GaugeFamily* f : families) {
    if (f->samples.empty()) continue;
    out += "# HELP " + f->name + " " + EscapeHelpText(f->help, openmetrics) + "\n";
    out += "# TYPE " + f->name + " gauge\n";
    if (openmetrics && !f->unit.empty()) out += "# UNIT " + f->name + " " + f->unit + "\n";
    for (const std::string& s : f->samples) out += s;
  }
  if (openmetrics) out += "# EOF\n";
  return out;
}

}  // namespace evt
