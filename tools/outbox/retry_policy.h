// What a delivery does after an answer from the shop's API (doc/design.md §15.3): a 2xx
// is delivered; 408, 409, 425, 429, 5xx and connection errors are tried
// again after an exponential backoff with full jitter, or after Retry-After
// when the API names a later time; any other 4xx is dead-lettered with the
// response, because sending the same request again cannot change the answer.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "common/duration.h"
#include "common/time_format.h"

namespace evt::outbox {

enum class ResponseClass { kDelivered, kRetry, kDeadLetter };

// `status` is the HTTP status, or 0 when there was none (no connection, a
// timeout, a connection dropped before the answer).
ResponseClass ClassifyStatus(long status);

// "delivered", "retry", "dead_letter": the `event` of outbox.delivery.
std::string_view ResponseClassName(ResponseClass c);

// Retry-After as delay-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2026
// 07:28:00 GMT"), as the wait from `now` (never negative). nullopt when the
// value is empty or neither form, so the backoff alone decides.
std::optional<Duration> ParseRetryAfter(std::string_view value, TimePoint now);

struct RetrySpec {
  Duration initial{1000};
  Duration max{300000};
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetrySpec spec) : spec_(spec) {}

  // The longest wait after the `attempt`-th failure (1-based): initial ×
  // 2^(attempt-1), at most `max`.
  Duration Ceiling(std::int64_t attempt) const;

  // "Full jitter" (AWS architecture blog, 2015): uniform in [0, Ceiling],
  // so kiosks that lost the link together do not come back in step.
  Duration Backoff(std::int64_t attempt, std::mt19937_64& rng) const;

  // When to try again: the backoff, or the API's Retry-After when that is
  // later (a server that says when it can take more is believed).
  TimePoint NextAttempt(TimePoint now, std::int64_t attempt, std::optional<Duration> retry_after,
                        std::mt19937_64& rng) const;

 private:
  RetrySpec spec_;
};

}  // namespace evt::outbox
