#include "tools/failover/failover_metrics.h"

#include <charconv>

#include "common/prometheus_text.h"

namespace evt::failover {
namespace {

std::string Number(double v) {
  char buffer[48];
  // The shortest text that reads back the same (0.05, not 0.050000000000000003),
  // never in exponent form: a timestamp reads 1700000000, not 1.7e+09.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

double Seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()) / 1000.0; }

struct Family {
  const char* name;  // a counter's without _total
  const char* type;
  const char* unit;  // OpenMetrics' UNIT, "" for none
  const char* help;
  std::vector<std::string> samples;  // "{labels} value" or " value"

  void Add(const std::string& labels, double value) {
    samples.push_back((labels.empty() ? "" : "{" + labels + "}") + " " + Number(value));
  }
};

void Render(const Family& f, bool open_metrics, std::string& out) {
  if (f.samples.empty()) return;
  const bool counter = std::string_view(f.type) == "counter";
  // Prometheus 0.0.4 names a counter's family by its sample; OpenMetrics without the suffix.
  const std::string family = std::string(f.name) + (counter && !open_metrics ? "_total" : "");
  const std::string sample = std::string(f.name) + (counter ? "_total" : "");
  out += "# HELP " + family + " " + EscapeHelpText(f.help, open_metrics) + "\n";
  out += "# TYPE " + family + " " + f.type + "\n";
  if (open_metrics && f.unit[0] != '\0') out += "# UNIT " + family + " " + f.unit + "\n";
  for (const std::string& s : f.samples) out += sample + s + "\n";
}

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
  Family active{"evt_failover_active", "gauge", "", "1 for the path carrying traffic, 0 for the others", {}};
  Family preference{"evt_failover_path_preference", "gauge", "",
                    "the path's rank in the failover config, 1 for the most preferred", {}};
  Family healthy{"evt_failover_path_healthy", "gauge", "", "1 while the path's health counter says up", {}};
  Family degraded{"evt_failover_path_degraded", "gauge", "", "1 while the path's quality window says degraded", {}};
  Family loss{"evt_failover_path_loss_ratio", "gauge", "ratio",
              "lost probes over the path's quality window, as the decider judges it", {}};
  Family latency{"evt_failover_path_latency_seconds", "gauge", "seconds",
                 "p95 of the answered probes over the path's quality window, as the decider judges it", {}};
  Family switches{"evt_failover_switches", "counter", "", "switches of the active path, since the store was made", {}};
  Family last_switch{"evt_failover_last_switch_timestamp_seconds", "gauge", "seconds",
                     "when the last switch of the active path took effect", {}};
  Family hold{"evt_failover_hold", "gauge", "", "1 while a site hold stops automatic switches", {}};
  Family heartbeat{"evt_failover_watch_heartbeat_timestamp_seconds", "gauge", "seconds",
                   "when evt-failover watch last wrote this file", {}};

  double rank = 1;
  for (const PathFigures& p : figures.paths) {
    const std::string label = "path=\"" + EscapeLabelValue(p.name) + "\"";
    active.Add(label, p.active ? 1 : 0);
    preference.Add(label, rank++);
    healthy.Add(label, p.healthy ? 1 : 0);
    degraded.Add(label, p.degraded ? 1 : 0);
    if (p.quality.loss) loss.Add(label, *p.quality.loss);
    if (p.quality.p95_ms) latency.Add(label, *p.quality.p95_ms / 1000.0);
  }
  switches.Add("", static_cast<double>(figures.switches.count));
  if (figures.switches.last) last_switch.Add("", Seconds(*figures.switches.last));
  hold.Add("", figures.held ? 1 : 0);
  if (figures.heartbeat) heartbeat.Add("", Seconds(*figures.heartbeat));

  const bool open_metrics = format == OutputFormat::kOpenMetrics;
  std::string out;
  for (const Family* f : {&active, &preference, &healthy, &degraded, &loss, &latency, &switches, &last_switch, &hold,
                          &heartbeat})
    Render(*f, open_metrics, out);
  if (open_metrics) out += "# EOF\n";
  return out;
}

}  // namespace evt::failover
