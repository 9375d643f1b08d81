#include "tools/load/load_prometheus.h"

#include <cstdio>
#include <vector>

#include "common/prometheus_text.h"

namespace evt::load {
namespace {

struct Family {
  std::string name;  // the family's name; a counter's samples add _total
  const char* type;
  const char* help;
  const char* unit;  // OpenMetrics' UNIT, "" for none
  std::vector<std::string> samples;
};

std::string Number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", v);
  return text;
}

void Add(Family& f, const std::string& suffix, const std::string& labels, double value) {
  f.samples.push_back(f.name + suffix + (labels.empty() ? "" : "{" + labels + "}") + " " + Number(value) + "\n");
}

double Seconds(std::int64_t micros) { return static_cast<double>(micros) / 1e6; }

// A summary's quantiles, _sum and _count from a histogram of microseconds.
void AddSummary(Family& f, const std::string& labels, const LatencyHistogram& h, std::initializer_list<double> quantiles) {
  std::string prefix = labels.empty() ? "" : labels + ",";
  for (double q : quantiles) Add(f, "", prefix + "quantile=\"" + Number(q) + "\"", Seconds(h.ValueAtPercentile(q * 100)));
  Add(f, "_sum", labels, h.mean() * static_cast<double>(h.count()) / 1e6);
  Add(f, "_count", labels, static_cast<double>(h.count()));
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
    if (open_metrics && f->unit[0] != '\0') out += "# UNIT " + name + " " + f->unit + "\n";
    for (const std::string& s : f->samples) out += s;
  }
  if (open_metrics) out += "# EOF\n";
  return out;
}

}  // namespace

std::string LoadMetricsText(const LoadWindow& whole_run, const LoadWindow& last, OutputFormat format) {
  Family requests{"evt_load_requests", "counter", "requests completed in the run, by status class or error class", "", {}};
  Family latency{"evt_load_latency_seconds", "summary",
                 "request latency over the run: corrected from the intended send time, or from the actual send", "seconds", {}};
  Family slip{"evt_load_slip_seconds", "summary", "how far sends were behind the schedule over the run", "seconds", {}};
  Family rate{"evt_load_rate", "gauge", "requests per second in the last window: the profile's target and what was sent", "", {}};
  Family in_flight{"evt_load_in_flight", "gauge", "requests open at the end of the last window", "", {}};

  for (const auto& [name, s] : whole_run.slices.by_class)
    Add(requests, "_total", "class=\"" + EscapeLabelValue(name) + "\"", static_cast<double>(s.latency.count()));
  const std::initializer_list<double> kQuantiles = {0.5, 0.9, 0.99, 0.999};
  AddSummary(latency, "corrected=\"true\"", whole_run.corrected, kQuantiles);
  AddSummary(latency, "corrected=\"false\"", whole_run.uncorrected, kQuantiles);
  AddSummary(slip, "", whole_run.slip, {0.5, 0.99});
  Add(rate, "", "kind=\"target\"", last.target_rate);
  Add(rate, "", "kind=\"achieved\"", last.achieved_rate());
  Add(in_flight, "", "", static_cast<double>(last.in_flight));
  return Render({&requests, &latency, &slip, &rate, &in_flight}, format);
}

}  // namespace evt::load
