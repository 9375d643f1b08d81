#include "tools/probe/prometheus_sink.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "common/prometheus_text.h"
#include "engine/probe/error_text.h"

namespace evt::probe {
namespace {

struct Family {
  const char* name;
  const char* help;
  const char* unit;  // OpenMetrics' UNIT, "" for none
  std::vector<std::string> samples;
};

std::string Number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", v);
  return text;
}

std::string Labels(const ProbeResult& r) {
  return "target=\"" + EscapeLabelValue(r.target) + "\",check=\"" + CheckTypeName(r.type) + "\",subject=\"" +
         EscapeLabelValue(r.subject) + "\"";
}

void Add(Family& f, const std::string& labels, double value) {
  f.samples.push_back(std::string(f.name) + "{" + labels + "} " + Number(value) + "\n");
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
  Family success{"evt_probe_success", "whether the last attempt succeeded and every expectation held", "", {}};
  Family duration{"evt_probe_duration_seconds", "the last attempt's total time", "seconds", {}};
  Family phase{"evt_probe_phase_duration_seconds", "the last HTTP attempt's phases", "seconds", {}};
  Family status{"evt_probe_http_status_code", "the last HTTP status code", "", {}};
  Family cache{"evt_probe_cache_hit", "whether the last response came from a cache", "", {}};
  Family expiry{"evt_probe_tls_cert_expiry_timestamp_seconds", "when the server certificate expires", "seconds", {}};
  Family loss{"evt_probe_window_loss_ratio", "the share of attempts lost in the last window", "ratio", {}};
  Family latency{"evt_probe_window_latency_seconds", "the 50th and 95th percentile of the total time in the last window", "seconds", {}};
  Family jitter{"evt_probe_window_jitter_seconds", "RFC 3550 jitter estimate at the end of the last window", "seconds", {}};
  for (const auto& [key, r] : last_) {
    std::string labels = Labels(r);
    Add(success, labels, r.ok ? 1 : 0);
    Add(duration, labels, r.total_ms / 1000);
    if (r.type == CheckType::kHttp && r.phases) {
      const Phases& p = *r.phases;
      for (auto [name, ms] : {std::pair{"dns", p.dns_ms}, {"connect", p.connect_ms}, {"tls", p.tls_ms},
                              {"processing", p.processing_ms}, {"transfer", p.transfer_ms}})
        Add(phase, labels + ",phase=\"" + name + "\"", ms / 1000);
    }
    if (r.status) Add(status, labels, static_cast<double>(*r.status));
    if (r.type == CheckType::kHttp) Add(cache, labels, r.cache.status == CacheStatus::kHit ? 1 : 0);
    if (r.cert_not_after)
      Add(expiry, labels, static_cast<double>(r.cert_not_after->time_since_epoch().count()) / 1000);
  }
  for (const auto& [target, entry] : windows_) {
    std::string labels = "target=\"" + EscapeLabelValue(target) + "\",check=\"" + CheckTypeName(entry.first) + "\"";
    const WindowSummary& s = entry.second;
    Add(loss, labels, s.loss);
    // Not `quantile`: Prometheus keeps that label for summaries, whose
    // _sum and _count run on across windows; these are the window's own.
    if (s.p50_ms) Add(latency, labels + ",percentile=\"50\"", *s.p50_ms / 1000);
    if (s.p95_ms) Add(latency, labels + ",percentile=\"95\"", *s.p95_ms / 1000);
    if (s.jitter_ms) Add(jitter, labels, *s.jitter_ms / 1000);
  }
  std::string out;
  for (const Family* f : {&success, &duration, &phase, &status, &cache, &expiry, &loss, &latency, &jitter}) {
    if (f->samples.empty()) continue;
    out += "# HELP " + std::string(f->name) + " " + f->help + "\n";
    out += "# TYPE " + std::string(f->name) + " gauge\n";
    if (format_ == MetricsFormat::kOpenMetrics && f->unit[0] != '\0')
      out += "# UNIT " + std::string(f->name) + " " + f->unit + "\n";
    for (const std::string& s : f->samples) out += s;
  }
  if (format_ == MetricsFormat::kOpenMetrics) out += "# EOF\n";
  return out;
}

Status PrometheusSink::Publish(bool force) {
  if (textfile_.empty()) {
    if (!force) return Status::Ok();
    std::string text = Render();
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return Status::IoErr("write error");
    return Status::Ok();
  }
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_publish_ < std::chrono::seconds(1)) return Status::Ok();
  last_publish_ = now;
  // The collector must never read half a file: write beside it, then rename.
  std::string temporary = textfile_ + ".tmp." + std::to_string(getpid());
  std::FILE* f = std::fopen(temporary.c_str(), "w");
  if (f == nullptr) return Status::IoErr(textfile_ + ": cannot write: " + ErrnoText(errno));
  std::string text = Render();
  bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  written = std::fflush(f) == 0 && written;
  written = fsync(fileno(f)) == 0 && written;
  int close_error = std::fclose(f) == 0 ? 0 : errno;
  if (!written || close_error != 0 || std::rename(temporary.c_str(), textfile_.c_str()) != 0) {
    int error = errno;
    std::remove(temporary.c_str());
    return Status::IoErr(textfile_ + ": cannot write: " + ErrnoText(error));
  }
  return Status::Ok();
}

}  // namespace evt::probe
