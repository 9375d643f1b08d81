// A load run as Prometheus (or OpenMetrics) text, like the family's other
// metrics: what a node_exporter textfile or a push of the end of a run
// shows a dashboard.
//   evt_load_requests_total{class}                      by status or error class (counter)
//   evt_load_latency_seconds{corrected,quantile}       summary over the run; corrected="true" is from the schedule
//   evt_load_slip_seconds{quantile}                    summary of schedule slip over the run
//   evt_load_rate{kind="target|achieved"}               requests/s in the last window (gauge)
//   evt_load_in_flight                                  open requests at the last window's end (gauge)
#pragma once

#include <string>

#include "common/output_mode.h"
#include "tools/load/load_window.h"

namespace evt::load {

// `whole_run` is every window so far merged; `last` the latest window.
// OpenMetrics adds UNIT lines, names counters by family and ends in "# EOF".
// REQUIRES: format is kPrometheus or kOpenMetrics.
std::string LoadMetricsText(const LoadWindow& whole_run, const LoadWindow& last, OutputFormat format);

}  // namespace evt::load
