#include "tools/probe/probe_record.h"

#include <cmath>

namespace evt::probe {

Value PhasesValue(const Phases& p, CheckType type) {
  if (type == CheckType::kTcp) {
    return Value::object({{"dns_ms", RoundMillis(p.dns_ms)}, {"connect_ms", RoundMillis(p.connect_ms)}});
  }
  return Value::object({{"dns_ms", RoundMillis(p.dns_ms)},
                        {"connect_ms", RoundMillis(p.connect_ms)},
                        {"tls_ms", RoundMillis(p.tls_ms)},
                        {"processing_ms", RoundMillis(p.processing_ms)},
                        {"transfer_ms", RoundMillis(p.transfer_ms)},
                        {"ttfb_ms", RoundMillis(p.ttfb_ms)}});
}

namespace {

Value ServerTimingValue(const std::vector<ServerTimingMetric>& metrics) {
  Value list = Value::array();
  for (const ServerTimingMetric& m : metrics) {
    Value item = Value::object({{"name", m.name}});
    if (m.dur_ms) item.set("dur_ms", *m.dur_ms);
    if (m.desc) item.set("desc", *m.desc);
    list.push_back(std::move(item));
  }
  return list;
}

void AddHttpFields(const ProbeResult& r, TimePoint now, Value& record) {
  if (r.status) record.set("status", static_cast<std::int64_t>(*r.status));
  record.set("bytes", r.bytes);
  if (!r.http_version.empty()) record.set("http_version", r.http_version);
  if (r.reused) record.set("reused", *r.reused);
  record.set("redirects", static_cast<std::int64_t>(r.redirects));
  if (r.cert_not_after) {
    record.set("cert_expires", FormatRfc3339(*r.cert_not_after));
    record.set("cert_days_left", std::chrono::floor<std::chrono::days>(*r.cert_not_after - now).count());
  }
  record.set("cache", std::string(CacheStatusName(r.cache.status)));
  if (!r.cache.header.empty()) record.set("cache_header", r.cache.header);
  if (!r.server_timing.empty()) record.set("server_timing", ServerTimingValue(r.server_timing));
}

void AddDnsFields(const ProbeResult& r, Value& record) {
  if (!r.rcode.empty()) record.set("rcode", r.rcode);
  Value answers = Value::array();
  for (const std::string& a : r.answers) answers.push_back(a);
  record.set("answers", std::move(answers));
  if (r.environment.empty()) return;
  record.set("environment", r.environment);
  Value expected = Value::array();
  for (const std::string& a : r.expected) expected.push_back(a);
  record.set("expected", std::move(expected));
}

}  // namespace

Value ProbeRecord(const ProbeResult& r, TimePoint now) {
  Value record = Value::object({{"kind", "probe"},
                                {"v", 1},
                                {"ts", FormatRfc3339(r.started)},
                                {"target", r.target},
                                {"check", CheckTypeName(r.type)},
                                {r.type == CheckType::kHttp ? "url" : r.type == CheckType::kTcp ? "address" : "name",
                                 r.subject},
                                {"attempt", r.attempt},
                                {"ok", r.ok}});
  if (!r.ok) record.set("error", r.error);
  record.set("total_ms", RoundMillis(r.total_ms));
  if (r.phases && r.type != CheckType::kDns) record.set("phases", PhasesValue(*r.phases, r.type));
  if (!r.remote_ip.empty()) record.set("remote_ip", r.remote_ip);
  if (r.remote_port > 0) record.set("remote_port", static_cast<std::int64_t>(r.remote_port));
  if (r.type == CheckType::kHttp) AddHttpFields(r, now, record);
  if (r.type == CheckType::kDns) AddDnsFields(r, record);
  return record;
}

Value WindowRecord(const WindowIdentity& who, const WindowSummary& s, TimePoint ts) {
  Value record = Value::object({{"kind", "probe.window"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ts)},
                                {"target", who.target},
                                {"check", CheckTypeName(who.type)},
                                {"sent", s.sent},
                                {"lost", s.lost},
                                {"loss", s.loss}});
  auto put = [&](const char* key, const std::optional<double>& v) {
    if (v) record.set(key, RoundMillis(*v));
  };
  put("min_ms", s.min_ms);
  put("p50_ms", s.p50_ms);
  put("p95_ms", s.p95_ms);
  put("max_ms", s.max_ms);
  put("mean_ms", s.mean_ms);
  put("jitter_ms", s.jitter_ms);
  put("mean_abs_diff_ms", s.mean_abs_diff_ms);
  return record;
}

}  // namespace evt::probe
