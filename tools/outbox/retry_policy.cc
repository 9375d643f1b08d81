#include "tools/outbox/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <string>

namespace evt::outbox {

ResponseClass ClassifyStatus(long status) {
  if (status >= 200 && status <= 299) return ResponseClass::kDelivered;
  if (status == 0 || status == 408 || status == 409 || status == 425 || status == 429) return ResponseClass::kRetry;
  if (status >= 500) return ResponseClass::kRetry;
  // 1xx and 3xx are not answers an order API gives to a POST: a redirect
  // is not followed (it would resend the order elsewhere), so it is a
  // response a person must look at, like a 4xx.
  return ResponseClass::kDeadLetter;
}

std::string_view ResponseClassName(ResponseClass c) {
  switch (c) {
    case ResponseClass::kDelivered: return "delivered";
    case ResponseClass::kRetry: return "retry";
    case ResponseClass::kDeadLetter: return "dead_letter";
  }
  return "retry";
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<Duration> DelaySeconds(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
  // A delay beyond a day is a broken server, not a plan: clamp it so the
  // backoff's max and a person's `retry` still get their turn.
  if (ec == std::errc::result_out_of_range || seconds > 86400) seconds = 86400;
  else if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return Duration(seconds * 1000);
}

// IMF-fixdate, the form RFC 9110 requires senders to use.
std::optional<TimePoint> HttpDate(std::string_view s) {
  std::string text(s);
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return TimePoint(Duration(static_cast<std::int64_t>(t) * 1000));
}

}  // namespace

std::optional<Duration> ParseRetryAfter(std::string_view value, TimePoint now) {
  value = Trim(value);
  if (auto delay = DelaySeconds(value)) return delay;
  if (auto at = HttpDate(value)) return std::clamp(Duration(*at - now), Duration(0), Duration(86400000));
  return std::nullopt;
}

Duration RetryPolicy::Ceiling(std::int64_t attempt) const {
  Duration ceiling = spec_.initial;
  for (std::int64_t i = 1; i < attempt && ceiling < spec_.max; ++i) ceiling *= 2;
  return std::min(ceiling, spec_.max);
}

Duration RetryPolicy::Backoff(std::int64_t attempt, std::mt19937_64& rng) const {
  std::uniform_int_distribution<std::int64_t> pick(0, Ceiling(attempt).count());
  return Duration(pick(rng));
}

TimePoint RetryPolicy::NextAttempt(TimePoint now, std::int64_t attempt, std::optional<Duration> retry_after,
                                   std::mt19937_64& rng) const {
  Duration wait = Backoff(attempt, rng);
  if (retry_after && *retry_after > wait) wait = *retry_after;
  return now + wait;
}

}  // namespace evt::outbox
