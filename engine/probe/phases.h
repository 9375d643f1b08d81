// The phases of one HTTP transfer, split the way Prometheus'
// blackbox_exporter splits libcurl's cumulative times, so evt's numbers read
// like the ones people already know.
#pragma once

#include <cstdint>

namespace evt::probe {

// libcurl's *_TIME_T values, in microseconds, each counted from the start of
// the transfer (so they only grow). When redirects are followed libcurl adds
// the times of every request together; `redirect_us` is the part spent
// before the last request. A phase that never happened is 0.
struct CurlTimes {
  std::int64_t namelookup_us = 0;
  std::int64_t connect_us = 0;
  std::int64_t appconnect_us = 0;  // TLS done; 0 without TLS
  std::int64_t pretransfer_us = 0;
  std::int64_t starttransfer_us = 0;
  std::int64_t total_us = 0;
  std::int64_t redirect_us = 0;
};

// Milliseconds, as records carry them.
struct Phases {
  double dns_ms = 0;         // namelookup
  double connect_ms = 0;     // connect - namelookup
  double tls_ms = 0;         // appconnect - connect; 0 without TLS
  // starttransfer - appconnect (connect without TLS): sending the request
  // and the server's think time. blackbox_exporter starts at pretransfer;
  // the step between is microseconds on an idle machine but not on a
  // loaded one, and counting it here makes the phases add up to the total.
  double processing_ms = 0;
  double transfer_ms = 0;    // total - starttransfer
  double ttfb_ms = 0;        // starttransfer, from the start
  double total_ms = 0;
};

// Never negative: a phase libcurl skipped (a reused connection has no
// connect, a failed transfer stops early) counts 0, and a later phase is
// measured from the last one that happened.
Phases PhasesFrom(const CurlTimes& t);

// Microseconds to milliseconds with three decimals (what records print).
double MicrosToMillis(std::int64_t us);

}  // namespace evt::probe
