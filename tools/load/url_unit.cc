#include "tools/load/url_unit.h"

#include <chrono>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace evt::load {
namespace {

bool Mentions(const std::string& error, std::initializer_list<std::string_view> words) {
  for (std::string_view word : words)
    if (error.find(word) != std::string::npos) return true;
  return false;
}

std::chrono::microseconds FromMillis(double ms) { return std::chrono::microseconds(std::llround(ms * 1000.0)); }

}  // namespace

probe::Check LoadCheck(std::string url, std::string method, std::vector<std::string> headers, Duration timeout) {
  probe::Check check;
  check.target = url;
  check.type = probe::CheckType::kHttp;
  check.http.url = std::move(url);
  check.http.method = std::move(method);
  check.http.headers = std::move(headers);
  check.http.reuse = true;
  check.http.response_details = false;  // no cache verdict or Server-Timing in load records
  check.http.expect.status = {{100, 599}};
  check.timeout = timeout;
  return check;
}

ErrorClass ClassifyError(const std::string& error, std::optional<long> status) {
  if (!error.empty()) {
    // The engine's words (engine/probe/curl_transfer.cc, strerror in lowercase).
    if (Mentions(error, {"timeout", "timed out"})) return ErrorClass::kTimeout;
    if (Mentions(error, {"reset", "empty reply", "broken pipe", "connection aborted"})) return ErrorClass::kReset;
    if (Mentions(error, {"refused", "unreachable", "no route", "could not resolve", "could not connect"}))
      return ErrorClass::kConnect;
    if (!status || *status < 400) return ErrorClass::kOther;
  }
  if (status && *status >= 500) return ErrorClass::k5xx;
  if (status && *status >= 400) return ErrorClass::k4xx;
  return ErrorClass::kNone;
}

RequestOutcome OutcomeFromResult(const probe::ProbeResult& result, const probe::Check& check, std::int64_t seq,
                                 MicroTime intended, MicroTime sent) {
  RequestOutcome o;
  o.seq = seq;
  o.method = check.http.method;
  o.url = check.http.url;
  o.intended = intended;
  o.sent = sent;
  if (result.phases && result.phases->ttfb_ms > 0) o.first_byte = sent + FromMillis(result.phases->ttfb_ms);
  o.done = sent + FromMillis(result.total_ms);
  if (result.status && *result.status > 0) o.status = result.status;
  o.bytes = result.bytes;
  o.error = result.error;
  o.error_class = ClassifyError(result.error, o.status);
  return o;
}

void UrlUnit::Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
                    std::function<void()> finished) {
  runner_.Start(check_, [this, seq, intended, sent, outcome = std::move(outcome),
                         finished = std::move(finished)](probe::ProbeResult result) {
    outcome(OutcomeFromResult(result, check_, seq, intended, sent));
    finished();
  });
}

}  // namespace evt::load
