#include "tools/failover/failover_metrics.h"

#include "common/number_text.h"
#include "common/prometheus_text.h"

namespace evt::failover {
namespace {

double Seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()) / 1000.0; }

}  // namespace

FailoverFigures FiguresOf(const Decider& decider, const std::string& active, SwitchTally switches, bool held) {
  FailoverFigures f;
  for (std::size_t i = 0; i < decider.spec().paths.size(); ++i) {
    const std::string& name = decider.spec().paths[i].name;
    f.paths.push_back({name, name == active, decider.Up(i), decider.Degraded(i), decider.Quality(i)});
  }
  f.switches = switches;
  f.held = held;
  return f;
}

std::string FailoverMetricsText(const FailoverFigures& figures, OutputFormat format) {
  MetricFamily active{"evt_failover_active", "1 for the path carrying traffic, 0 for the others", "", {}};
  MetricFamily preference{"evt_failover_path_preference",
                          "the path's rank in the failover config, 1 for the most preferred",
                          "", {}};
  MetricFamily healthy{"evt_failover_path_healthy", "1 while the path's health counter says up", "", {}};
  MetricFamily degraded{"evt_failover_path_degraded", "1 while the path's quality window says degraded", "", {}};
  MetricFamily loss{"evt_failover_path_loss_ratio",
                    "lost probes over the path's quality window, as the decider judges it",
                    "ratio", {}};
  MetricFamily latency{"evt_failover_path_latency_seconds",
                       "p95 of the answered probes over the path's quality window, as the decider judges it",
                       "seconds", {}};
  MetricFamily switches{"evt_failover_switches",
                        "switches of the active path, since the store was made",
                        "", {}, MetricType::kCounter};
  MetricFamily last_switch{"evt_failover_last_switch_timestamp_seconds",
                           "when the last switch of the active path took effect",
                           "seconds", {}};
  MetricFamily hold{"evt_failover_hold", "1 while a site hold stops automatic switches", "", {}};
  MetricFamily heartbeat{"evt_failover_watch_heartbeat_timestamp_seconds",
                         "when evt-failover watch last wrote this file",
                         "seconds", {}};

  double rank = 1;
  for (const PathFigures& p : figures.paths) {
    const std::string label = Label("path", p.name);
    active.Add(label, p.active ? 1 : 0);
    preference.Add(label, rank++);
    healthy.Add(label, p.healthy ? 1 : 0);
    degraded.Add(label, p.degraded ? 1 : 0);
    if (p.quality.loss) loss.Add(label, *p.quality.loss);
    if (p.quality.p95_ms) latency.Add(label, MillisAsSeconds(*p.quality.p95_ms));
  }
  switches.Add("", static_cast<double>(figures.switches.count));
  if (figures.switches.last) last_switch.Add("", Seconds(*figures.switches.last));
  hold.Add("", figures.held ? 1 : 0);
  if (figures.heartbeat) heartbeat.Add("", Seconds(*figures.heartbeat));

  return RenderFamilies({&active, &preference, &healthy, &degraded, &loss, &latency, &switches, &last_switch, &hold,
                         &heartbeat},
                        format == OutputFormat::kOpenMetrics);
}

}  // namespace evt::failover
