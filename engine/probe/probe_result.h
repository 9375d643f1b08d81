// The outcome of one attempt at one check: what the `probe` record carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "engine/probe/cache_status.h"
#include "engine/probe/check.h"
#include "engine/probe/headers.h"
#include "engine/probe/phases.h"
#include "engine/probe/server_timing.h"

namespace evt::probe {

struct ProbeResult {
  std::string target;
  CheckType type = CheckType::kHttp;
  std::string subject;  // URL, HOST:PORT or DNS name
  TimePoint started{};
  std::int64_t attempt = 1;  // counting from 1 per target
  bool ok = false;
  // Empty when ok; else in words a person understands: "connection
  // refused", "timeout after 2000 ms in TLS handshake".
  std::string error;
  double total_ms = 0;

  // HTTP and TCP (TCP fills dns_ms, connect_ms and total_ms).
  std::optional<Phases> phases;
  std::string remote_ip;
  long remote_port = 0;
  // HTTP only.
  std::optional<long> status;
  std::int64_t bytes = 0;
  std::string http_version;  // "1.1", "2", "3"
  std::optional<TimePoint> cert_not_after;
  std::optional<bool> reused;
  long redirects = 0;
  CacheVerdict cache;
  std::vector<ServerTimingMetric> server_timing;
  // With HttpSpec::keep_response only: the last response's headers and
  // (the first 1 MiB of) its body.
  Headers headers;
  std::string body;
  // DNS only.
  std::string rcode;  // "NOERROR", "NXDOMAIN", "SERVFAIL", ...
  std::vector<std::string> answers;
  // With probe.dns_map naming the name: the environment compared against
  // and its addresses; a mismatch makes the result not ok.
  std::string environment;
  std::vector<std::string> expected;
};

}  // namespace evt::probe
