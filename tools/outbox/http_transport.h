// The POST of one record to the shop's order API: the seam between the
// delivery pass and libcurl, so the pass is tested on a fake and a
// ManualClock.
#pragma once

#include <memory>
#include <string>

#include "common/duration.h"
#include "common/secret.h"

namespace evt::outbox {

struct HttpPost {
  std::string url;
  std::string body;             // JSON
  std::string idempotency_key;  // the record id: the shop commits a key once
  const Secret* token = nullptr;  // sent as "Authorization: Bearer"; none: no header
  Duration timeout{10000};
};

struct HttpReply {
  long status = 0;          // 0: no answer (no connection, timeout, dropped)
  std::string body;         // the start of the response body (kMaxReplyBody)
  std::string retry_after;  // the Retry-After header as sent
  std::string error;        // why there was no answer, when status is 0
  Duration latency{0};
};

// What a dead letter keeps of a response: enough to see why, bounded so a
// shop's error page cannot fill the store.
inline constexpr std::size_t kMaxReplyBody = 4096;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Never fails: a transport error is a reply with status 0 and `error`.
  virtual HttpReply Post(const HttpPost& post) = 0;
};

// libcurl: no redirects followed (an order is never resent elsewhere), TLS
// verified, no signals (the run's SIGTERM handler stays in charge).
std::unique_ptr<HttpTransport> MakeCurlTransport();

}  // namespace evt::outbox
