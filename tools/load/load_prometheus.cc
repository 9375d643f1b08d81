#include "tools/load/load_prometheus.h"

#include <vector>

#include "common/prometheus_text.h"

namespace evt::load {
namespace {

double Seconds(std::int64_t micros) { return static_cast<double>(micros) / 1e6; }

// A summary's quantiles, _sum and _count from a histogram of microseconds.
void AddSummary(MetricFamily& f, const std::string& labels, const LatencyHistogram& h,
                std::initializer_list<double> quantiles) {
  std::string prefix = labels.empty() ? "" : labels + ",";
  for (double q : quantiles) f.Add(prefix + Label("quantile", SampleValue(q)), Seconds(h.ValueAtPercentile(q * 100)));
  f.AddSuffixed("_sum", labels, h.mean() * static_cast<double>(h.count()) / 1e6);
  f.AddSuffixed("_count", labels, static_cast<double>(h.count()));
}

}  // namespace

std::string LoadMetricsText(const LoadWindow& whole_run, const LoadWindow& last, OutputFormat format) {
  MetricFamily requests{"evt_load_requests", "requests completed in the run, by status class or error class", "", {},
                        MetricType::kCounter};
  MetricFamily latency{"evt_load_latency_seconds",
                       "request latency over the run: corrected from the intended send time, or from the actual send",
                       "seconds", {}, MetricType::kSummary};
  MetricFamily slip{"evt_load_slip_seconds", "how far sends were behind the schedule over the run", "seconds", {},
                    MetricType::kSummary};
  MetricFamily rate{"evt_load_rate", "requests per second in the last window: the profile's target and what was sent",
                    "", {}};
  MetricFamily in_flight{"evt_load_in_flight", "requests open at the end of the last window", "", {}};

  for (const auto& [name, s] : whole_run.slices.by_class)
    requests.Add(Label("class", name), static_cast<double>(s.latency.count()));
  const std::initializer_list<double> kQuantiles = {0.5, 0.9, 0.99, 0.999};
  AddSummary(latency, "corrected=\"true\"", whole_run.corrected, kQuantiles);
  AddSummary(latency, "corrected=\"false\"", whole_run.uncorrected, kQuantiles);
  AddSummary(slip, "", whole_run.slip, {0.5, 0.99});
  rate.Add(Label("kind", "target"), last.target_rate);
  rate.Add(Label("kind", "achieved"), last.achieved_rate());
  in_flight.Add("", static_cast<double>(last.in_flight));
  return RenderFamilies({&requests, &latency, &slip, &rate, &in_flight}, format == OutputFormat::kOpenMetrics);
}

}  // namespace evt::load
