#include "tools/load/replay_schedule.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include "common/quoted.h"

namespace evt::load {
namespace {

std::optional<double> NumberOf(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<double> ParseSpeed(std::string_view text) {
  std::string_view number = text;
  double scale = 1;
  if (!number.empty() && (number.back() == 'x' || number.back() == 'X')) {
    number.remove_suffix(1);
  } else if (!number.empty() && number.back() == '%') {
    number.remove_suffix(1);
    scale = 0.01;
  }
  std::optional<double> value = NumberOf(number);
  if (!value || !std::isfinite(*value * scale) || *value * scale <= 0) {
    return Status::Usage("--speed " + QuotedForMessage(text) + ": expected a factor above 0 such as 2x, 0.5x or 200%");
  }
  return *value * scale;
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

ReplaySchedule BuildReplaySchedule(std::vector<ReplayRequest> arrivals, const ReplayScheduleOptions& options) {
  ReplaySchedule out;
  out.requests.reserve(arrivals.size());
  std::optional<double> first;
  double previous = 0;
  // Each offset is computed from the first request's rather than summed gap
  // by gap, so a long log gathers no rounding and a request logged on a
  // second's boundary stays on it.
  double cut = 0;
  for (ReplayRequest& r : arrivals) {
    if (!options.allow_unsafe && !IsSafeMethod(r.method)) {
      ++out.skipped_unsafe;
      continue;
    }
    if (!first) first = previous = r.at_s;
    double gap = (r.at_s - previous) / options.speed;
    if (options.max_gap_s && gap > *options.max_gap_s) {
      cut += gap - *options.max_gap_s;
      ++out.shrunk_gaps;
    }
    previous = r.at_s;
    double at = (r.at_s - *first) / options.speed - cut;
    if (options.duration_s && at >= *options.duration_s) {
      ++out.over_duration;
      continue;
    }
    if (options.max_requests > 0 && static_cast<std::int64_t>(out.requests.size()) >= options.max_requests) {
      ++out.over_max_requests;
      continue;
    }
    r.at_s = at;
    out.requests.push_back(std::move(r));
  }
  return out;
}

std::vector<std::int64_t> RequestsPerSecond(const std::vector<ReplayRequest>& requests) {
  std::vector<std::int64_t> series;
  for (const ReplayRequest& r : requests) {
    auto second = static_cast<std::size_t>(std::floor(std::max(r.at_s, 0.0)));
    if (second >= series.size()) series.resize(second + 1, 0);
    ++series[second];
  }
  return series;
}

}  // namespace evt::load
