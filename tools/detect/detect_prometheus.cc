#include "tools/detect/detect_prometheus.h"

#include <cstdio>
#include <vector>

#include "common/prometheus_text.h"

namespace evt::detect {
namespace {

struct Family {
  std::string name;  // a counter's samples add _total
  const char* type;
  const char* help;
  std::vector<std::string> samples;
};

std::string Number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", v);
  return text;
}

void Add(Family& f, const std::string& labels, double value) {
  const std::string suffix = std::string(f.type) == "counter" ? "_total" : "";
  f.samples.push_back(f.name + suffix + (labels.empty() ? "" : "{" + labels + "}") + " " + Number(value) + "\n");
}

std::string Render(const std::vector<const Family*>& families, OutputFormat format) {
  const bool open_metrics = format == OutputFormat::kOpenMetrics;
  std::string out;
  for (const Family* f : families) {
    if (f->samples.empty()) continue;
    // Prometheus names a counter's family by its sample (…_total); OpenMetrics without the suffix.
    std::string name = f->name + (!open_metrics && std::string(f->type) == "counter" ? "_total" : "");
    out += "# HELP " + name + " " + EscapeHelpText(f->help, open_metrics) + "\n";
    out += "# TYPE " + name + " " + f->type + "\n";
    for (const std::string& s : f->samples) out += s;
  }
  if (open_metrics) out += "# EOF\n";
  return out;
}

}  // namespace

std::string DetectMetricsText(const SeriesBank& bank, OutputFormat format) {
  Family score{"evt_detect_score", "gauge", "the detector's score of the series' last sample, 0 usual to 1 most unusual", {}};
  Family raised{"evt_detect_raised", "gauge", "1 while the series' raise/clear rule is raised", {}};
  Family samples{"evt_detect_samples", "counter", "samples of the series seen, missing ones included", {}};
  Family raises{"evt_detect_raises", "counter", "times the series' rule raised", {}};
  Family capped{"evt_detect_series_capped", "counter", "samples of series beyond detect.max_series, not scored", {}};
  for (const auto& [key, s] : bank.series()) {
    const std::string label = "series=\"" + EscapeLabelValue(key) + "\"";
    Add(score, label, s->last.score);
    Add(raised, label, s->rule.raised() ? 1 : 0);
    Add(samples, label, static_cast<double>(s->samples));
    Add(raises, label, static_cast<double>(s->raises));
  }
  Add(capped, "", static_cast<double>(bank.capped()));
  return Render({&score, &raised, &samples, &raises, &capped}, format);
}

}  // namespace evt::detect
