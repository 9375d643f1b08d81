#include "tools/load/replay_unit.h"

#include "tools/load/url_unit.h"

namespace evt::load {

std::string ReplayUrl(const std::string& base, const std::string& target) {
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) return target;
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (target.empty() || target.front() != '/') url += '/';
  return url + target;
}

ReplayUnit::ReplayUnit(probe::ProbeRunner& runner, std::vector<ReplayRequest> requests, std::string base,
                       std::vector<std::string> headers, Duration timeout)
    : runner_(runner),
      requests_(std::move(requests)),
      base_(std::move(base)),
      headers_(std::move(headers)),
      timeout_(timeout) {}

void ReplayUnit::Start(std::int64_t seq, MicroTime intended, MicroTime sent,
                       std::function<void(RequestOutcome)> outcome, std::function<void()> finished) {
  // The driver numbers arrivals from 1 in schedule order, the schedule's
  // own order.
  const ReplayRequest& request = requests_.at(static_cast<std::size_t>(seq - 1));
  auto check = std::make_unique<probe::Check>(
      LoadCheck(ReplayUrl(base_, request.target), request.method, headers_, timeout_));
  const probe::Check& started = *check;
  in_flight_[seq] = std::move(check);
  runner_.Start(started, [this, seq, intended, sent, outcome = std::move(outcome),
                          finished = std::move(finished)](probe::ProbeResult result) {
    auto it = in_flight_.find(seq);
    outcome(OutcomeFromResult(result, *it->second, seq, intended, sent));
    in_flight_.erase(it);
    finished();
  });
}

}  // namespace evt::load
