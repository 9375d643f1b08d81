// Failures in words a person understands, from what libcurl and the clock
// know about a failed transfer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time_format.h"
#include "engine/probe/phases.h"

namespace evt::probe {

// Where a transfer was when it stopped, from the phases it completed:
// "DNS resolution", "connect", "TLS handshake", "waiting for the response",
// "transfer". libcurl 7.88 leaves the connect time at 0 when a TLS
// handshake times out, so `tcp_connected` (the peer's address is known,
// which libcurl sets once the socket connected) says the connect is done.
std::string_view StuckPhase(const CurlTimes& times, bool tls, bool tcp_connected);

// "TLS: certificate expired 3 days ago" (or "... expired today"), from
// the certificate's notAfter and now.
std::string ExpiredCertificateText(TimePoint not_after, TimePoint now);

// strerror(3) in lowercase: "connection refused".
std::string ErrnoText(int error_number);

}  // namespace evt::probe
