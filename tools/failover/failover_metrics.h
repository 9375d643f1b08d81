// evt-failover's state as Prometheus text (or OpenMetrics) for
// node_exporter's textfile collector: `status -o prometheus`,
// `status --textfile` and `watch --textfile` (doc/design.md §13). Only what
// the store and the decider know; base units, HELP and TYPE on every family:
//   evt_failover_active{path}                        1 for the path carrying traffic, 0 for the others
//   evt_failover_path_preference{path}               the path's rank in the config, 1 = most preferred
//   evt_failover_path_healthy{path}                  1 while the health counter says up
//   evt_failover_path_degraded{path}                 1 while the quality window says degraded
//   evt_failover_path_loss_ratio{path}               the quality window's loss (watch, a path with `degraded`)
//   evt_failover_path_latency_seconds{path}          the quality window's p95 of answered probes (same)
//   evt_failover_switches_total                      every switch recorded, pruned ones included (counter)
//   evt_failover_last_switch_timestamp_seconds       when the last switch took effect
//   evt_failover_hold                                1 while the site hold (§4.5) holds
//   evt_failover_watch_heartbeat_timestamp_seconds   when watch last wrote the file (watch only)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/output_mode.h"
#include "common/time_format.h"
#include "tools/failover/decider.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

struct PathFigures {
  std::string name;
  bool active = false;
  bool healthy = false;
  bool degraded = false;
  QualityFigures quality;
};

struct FailoverFigures {
  std::vector<PathFigures> paths;  // most preferred first
  SwitchTally switches;
  bool held = false;
  std::optional<TimePoint> heartbeat;  // watch's, when it writes the file
};

// The figures of `decider` with `active` as the path carrying traffic (the
// announced one: a switch whose actions are still running has not happened).
FailoverFigures FiguresOf(const Decider& decider, const std::string& active, SwitchTally switches, bool held);

// Prometheus text 0.0.4, or OpenMetrics 1.0 (UNIT lines, the counter's
// family without _total, "# EOF"). Families without a sample are left out.
// REQUIRES: format is kPrometheus or kOpenMetrics.
std::string FailoverMetricsText(const FailoverFigures& figures, OutputFormat format);

}  // namespace evt::failover
