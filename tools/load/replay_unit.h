// A replayed request as a unit of load: arrival n sends the n-th request of
// the replay's schedule to the base URL (or to its own absolute URL, which
// the target guard has passed).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/duration.h"
#include "engine/probe/probe_runner.h"
#include "tools/load/open_loop.h"
#include "tools/load/replay_request.h"

namespace evt::load {

// `base` joined with a logged target: "http://h:8080" + "/a?b" ->
// "http://h:8080/a?b"; an absolute target ("http://...") stays as it is.
std::string ReplayUrl(const std::string& base, const std::string& target);

class ReplayUnit final : public LoadUnit {
 public:
  // `runner` must outlive the unit, and the unit every request it started.
  ReplayUnit(probe::ProbeRunner& runner, std::vector<ReplayRequest> requests, std::string base,
             std::vector<std::string> headers, Duration timeout);

  void Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
             std::function<void()> finished) override;

 private:
  probe::ProbeRunner& runner_;
  std::vector<ReplayRequest> requests_;
  std::string base_;
  std::vector<std::string> headers_;
  Duration timeout_;
  // The checks in flight: the engine needs each until its attempt is done.
  std::map<std::int64_t, std::unique_ptr<probe::Check>> in_flight_;
};

}  // namespace evt::load
