// Every series of a run as Prometheus (or OpenMetrics) text, like the
// family's other metrics (doc/design.md §13):
//   evt_detect_score{series}          the detector's score of the last sample, 0..1 (gauge)
//   evt_detect_raised{series}         1 while the series' rule is raised (gauge)
//   evt_detect_samples_total{series}  samples seen, missing ones included (counter)
//   evt_detect_raises_total{series}   times the rule raised (counter)
//   evt_detect_series_capped_total    samples of series beyond detect.max_series, not scored (counter)
#pragma once

#include <string>

#include "common/output_mode.h"
#include "tools/detect/series_bank.h"

namespace evt::detect {

// REQUIRES: format is kPrometheus or kOpenMetrics.
std::string DetectMetricsText(const SeriesBank& bank, OutputFormat format);

}  // namespace evt::detect
