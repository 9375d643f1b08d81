#include "tools/detect/detect_prometheus.h"

#include <vector>

#include "common/prometheus_text.h"

namespace evt::detect {

std::string DetectMetricsText(const SeriesBank& bank, OutputFormat format) {
  MetricFamily score{"evt_detect_score", "the detector's score of the series' last sample, 0 usual to 1 most unusual",
                     "", {}};
  MetricFamily raised{"evt_detect_raised", "1 while the series' raise/clear rule is raised", "", {}};
  MetricFamily samples{"evt_detect_samples", "samples of the series seen, missing ones included", "", {},
                       MetricType::kCounter};
  MetricFamily raises{"evt_detect_raises", "times the series' rule raised", "", {}, MetricType::kCounter};
  MetricFamily capped{"evt_detect_series_capped", "samples of series beyond detect.max_series, not scored", "", {},
                      MetricType::kCounter};
  for (const auto& [key, s] : bank.series()) {
    const std::string label = Label("series", key);
    score.Add(label, s->last.score);
    raised.Add(label, s->rule.raised() ? 1 : 0);
    samples.Add(label, static_cast<double>(s->samples));
    raises.Add(label, static_cast<double>(s->raises));
  }
  capped.Add("", static_cast<double>(bank.capped()));
  return RenderFamilies({&score, &raised, &samples, &raises, &capped}, format == OutputFormat::kOpenMetrics);
}

}  // namespace evt::detect
