#include "tools/outbox/retry_policy.h"

#include <catch2/catch.hpp>

#include "common/time_format.h"

namespace evt::outbox {
namespace {

TimePoint At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST_CASE("retry_policy: a 2xx is delivered, the retryable codes retried, other 4xx dead-lettered") {
  for (long s : {200L, 201L, 202L, 204L, 299L}) CHECK(ClassifyStatus(s) == ResponseClass::kDelivered);
  for (long s : {0L, 408L, 409L, 425L, 429L, 500L, 502L, 503L, 504L, 599L}) CHECK(ClassifyStatus(s) == ResponseClass::kRetry);
  for (long s : {400L, 401L, 403L, 404L, 405L, 410L, 413L, 422L, 451L, 301L, 302L, 100L}) {
    CHECK(ClassifyStatus(s) == ResponseClass::kDeadLetter);
  }
  CHECK(ResponseClassName(ResponseClass::kDeadLetter) == "dead_letter");
}

TEST_CASE("retry_policy: Retry-After in seconds or as an HTTP-date") {
  TimePoint now = At("2026-10-21T07:27:30.000Z");
  CHECK(ParseRetryAfter("120", now) == Duration(120000));
  CHECK(ParseRetryAfter(" 0 ", now) == Duration(0));
  CHECK(ParseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now) == Duration(30000));
  // A date already past asks for no wait; a delay over a day is cut to one.
  CHECK(ParseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", now) == Duration(0));
  CHECK(ParseRetryAfter("99999999999999999999", now) == Duration(86400000));
  for (const char* bad : {"", "soon", "-5", "1.5", "12abc", "Wed, 21 Oct 2026 07:28:00", "2026-10-21T07:28:00Z"}) {
    INFO(bad);
    CHECK_FALSE(ParseRetryAfter(bad, now).has_value());
  }
}

TEST_CASE("retry_policy: the backoff ceiling doubles from initial up to max") {
  RetryPolicy policy({Duration(1000), Duration(10000)});
  CHECK(policy.Ceiling(1) == Duration(1000));
  CHECK(policy.Ceiling(2) == Duration(2000));
  CHECK(policy.Ceiling(4) == Duration(8000));
  CHECK(policy.Ceiling(5) == Duration(10000));
  CHECK(policy.Ceiling(1000000) == Duration(10000));
}

TEST_CASE("retry_policy: full jitter spreads waits over the whole range below the ceiling") {
  RetryPolicy policy({Duration(1000), Duration(300000)});
  std::mt19937_64 rng(42);
  Duration low = Duration::max(), high = Duration::min();
  for (int i = 0; i < 2000; ++i) {
    Duration d = policy.Backoff(4, rng);
    REQUIRE(d >= Duration(0));
    REQUIRE(d <= Duration(8000));
    low = std::min(low, d);
    high = std::max(high, d);
  }
  CHECK(low < Duration(500));
  CHECK(high > Duration(7500));
}

TEST_CASE("retry_policy: Retry-After wins over a shorter backoff, never over a longer one") {
  RetryPolicy policy({Duration(1000), Duration(1000)});
  std::mt19937_64 rng(7);
  TimePoint now = At("2026-12-06T10:00:00.000Z");
  CHECK(policy.NextAttempt(now, 1, Duration(5000), rng) == now + Duration(5000));
  TimePoint next = policy.NextAttempt(now, 1, Duration(0), rng);
  CHECK(next >= now);
  CHECK(next <= now + Duration(1000));
}

}  // namespace
}  // namespace evt::outbox
