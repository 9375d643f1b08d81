#include "tools/load/log_arrivals.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace evt::load {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

struct SecondShare {
  std::int64_t count = 0;
  std::int64_t next = 0;
};

// Each request's arrival in µs since the epoch, in the order given.
std::vector<std::int64_t> ArrivalMicros(const std::vector<LoggedRequest>& logged) {
  std::unordered_map<std::int64_t, SecondShare> seconds;
  for (const LoggedRequest& r : logged) {
    if (r.whole_second) ++seconds[r.logged_us].count;
  }
  std::vector<std::int64_t> arrivals;
  arrivals.reserve(logged.size());
  for (const LoggedRequest& r : logged) {
    std::int64_t ended = r.logged_us;
    if (r.whole_second) {
      SecondShare& share = seconds[r.logged_us];
      ended += share.next++ * kMicrosPerSecond / share.count;
    }
    arrivals.push_back(ended - r.request_time_us);
  }
  return arrivals;
}

}  // namespace

std::vector<ReplayRequest> LoggedArrivals(std::vector<LoggedRequest> logged) {
  std::vector<std::int64_t> micros = ArrivalMicros(logged);
  std::vector<std::size_t> order(logged.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return micros[a] < micros[b]; });
  std::vector<ReplayRequest> out;
  out.reserve(logged.size());
  for (std::size_t i : order) {
    out.push_back(std::move(logged[i].request));
    out.back().at_s = static_cast<double>(micros[i] - micros[order.front()]) / kMicrosPerSecond;
  }
  return out;
}

}  // namespace evt::load
