#include "engine/probe/phases.h"

#include <algorithm>

namespace evt::probe {
namespace {

double Span(std::int64_t from_us, std::int64_t to_us) { return MicrosToMillis(std::max<std::int64_t>(0, to_us - from_us)); }

}  // namespace

double MicrosToMillis(std::int64_t us) { return static_cast<double>(us) / 1000.0; }

Phases PhasesFrom(const CurlTimes& t) {
  Phases p;
  // Each mark is at least the one before it, so a skipped phase is 0 and
  // does not make the next one look longer or negative.
  std::int64_t dns = std::max<std::int64_t>(0, t.namelookup_us);
  std::int64_t connect = std::max(dns, t.connect_us);
  std::int64_t tls = t.appconnect_us > 0 ? std::max(connect, t.appconnect_us) : connect;
  std::int64_t start = t.starttransfer_us > 0 ? std::max(tls, t.starttransfer_us) : 0;
  std::int64_t total = std::max<std::int64_t>(0, t.total_us);
  p.dns_ms = MicrosToMillis(dns);
  p.connect_ms = Span(dns, connect);
  p.tls_ms = Span(connect, tls);
  p.processing_ms = start > 0 ? Span(tls, start) : 0;
  p.transfer_ms = start > 0 ? Span(start, total) : 0;
  p.ttfb_ms = MicrosToMillis(start);
  p.total_ms = MicrosToMillis(total);
  return p;
}

}  // namespace evt::probe
