#include "tools/probe/prometheus_sink.h"

#include "common/number_text.h"
#include "common/prometheus_text.h"
#include "tools/probe/metrics_output.h"

namespace evt::probe {
namespace {

std::string Labels(const ProbeResult& r) {
  return Label("target", r.target) + "," + Label("check", CheckTypeName(r.type)) + "," + Label("subject", r.subject);
}

}  // namespace

Status PrometheusSink::OnProbe(const ProbeResult& result) {
  last_.insert_or_assign({result.target, result.subject}, result);
  return Publish(false);
}

Status PrometheusSink::OnWindow(const WindowIdentity& who, const WindowSummary& summary) {
  windows_.insert_or_assign(who.target, std::make_pair(who.type, summary));
  return Publish(false);
}

Status PrometheusSink::OnEnd() { return Publish(true); }

std::string PrometheusSink::Render() const {
  GaugeFamily success{"evt_probe_success", "whether the last attempt succeeded and every expectation held", "", {}};
  GaugeFamily duration{"evt_probe_duration_seconds", "the last attempt's total time", "seconds", {}};
  GaugeFamily phase{"evt_probe_phase_duration_seconds", "the last HTTP attempt's phases", "seconds", {}};
  GaugeFamily status{"evt_probe_http_status_code", "the last HTTP status code", "", {}};
  GaugeFamily cache{"evt_probe_cache_hit", "whether the last response came from a cache", "", {}};
  GaugeFamily expiry{"evt_probe_tls_cert_expiry_timestamp_seconds", "when the server certificate expires", "seconds", {}};
  GaugeFamily loss{"evt_probe_window_loss_ratio", "the share of attempts lost in the last window", "ratio", {}};
  GaugeFamily latency{"evt_probe_window_latency_seconds", "the 50th and 95th percentile of the total time in the last window", "seconds", {}};
  GaugeFamily jitter{"evt_probe_window_jitter_seconds", "RFC 3550 jitter estimate at the end of the last window", "seconds", {}};
  for (const auto& [key, r] : last_) {
    std::string labels = Labels(r);
    success.Add(labels, r.ok ? 1 : 0);
    duration.Add(labels, MillisAsSeconds(r.total_ms));
    if (r.type == CheckType::kHttp && r.phases) {
      const Phases& p = *r.phases;
      for (auto [name, ms] : {std::pair{"dns", p.dns_ms}, {"connect", p.connect_ms}, {"tls", p.tls_ms},
                              {"processing", p.processing_ms}, {"transfer", p.transfer_ms}})
        phase.Add(labels + ",phase=\"" + name + "\"", MillisAsSeconds(ms));
    }
    if (r.status) status.Add(labels, static_cast<double>(*r.status));
    if (r.type == CheckType::kHttp) cache.Add(labels, r.cache.status == CacheStatus::kHit ? 1 : 0);
    if (r.cert_not_after)
      expiry.Add(labels, static_cast<double>(r.cert_not_after->time_since_epoch().count()) / 1000);
  }
  for (const auto& [target, entry] : windows_) {
    std::string labels = Label("target", target) + "," + Label("check", CheckTypeName(entry.first));
    const WindowSummary& s = entry.second;
    loss.Add(labels, s.loss);
    // Not `quantile`: Prometheus keeps that label for summaries, whose
    // _sum and _count run on across windows; these are the window's own.
    if (s.p50_ms) latency.Add(labels + ",percentile=\"50\"", MillisAsSeconds(*s.p50_ms));
    if (s.p95_ms) latency.Add(labels + ",percentile=\"95\"", MillisAsSeconds(*s.p95_ms));
    if (s.jitter_ms) jitter.Add(labels, MillisAsSeconds(*s.jitter_ms));
  }
  return RenderGaugeFamilies({&success, &duration, &phase, &status, &cache, &expiry, &loss, &latency, &jitter},
                             format_ == MetricsFormat::kOpenMetrics);
}

Status PrometheusSink::Publish(bool force) {
  if (textfile_.empty() && !force) return Status::Ok();
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_publish_ < std::chrono::seconds(1)) return Status::Ok();
  last_publish_ = now;
  return WriteMetrics(textfile_, Render());
}

}  // namespace evt::probe
