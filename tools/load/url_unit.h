// The plainest unit of load: one HTTP request to one URL per arrival, on a
// kept-alive connection where the engine has one, as a buyer's browser
// would. Its outcome is the ProbeResult in a load test's terms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/probe/check.h"
#include "engine/probe/probe_result.h"
#include "engine/probe/probe_runner.h"
#include "tools/load/open_loop.h"

namespace evt::load {

// An HTTP check for load: keep-alive on, and every status accepted by the
// engine, because a load test counts 4xx and 5xx itself (ErrorClass).
probe::Check LoadCheck(std::string url, std::string method, std::vector<std::string> headers, Duration timeout);

// From the engine's words and the status: a transport error's class, else
// 4xx/5xx by status, else kNone.
ErrorClass ClassifyError(const std::string& error, std::optional<long> status);

// The result of the request of arrival `seq`, timed from `sent` by the
// engine's own measurements (first byte, total): libcurl's clock, not the
// moment the driver polled, so a completion seen late is not counted as
// slow. libcurl starts its clock at the engine's next perform after
// Start(), which the driver calls at once unless further sends are due.
RequestOutcome OutcomeFromResult(const probe::ProbeResult& result, const probe::Check& check, std::int64_t seq,
                                 MicroTime intended, MicroTime sent);

class UrlUnit final : public LoadUnit {
 public:
  // `runner` must outlive the unit, and the unit every request it started.
  UrlUnit(probe::ProbeRunner& runner, probe::Check check) : runner_(runner), check_(std::move(check)) {}

  void Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
             std::function<void()> finished) override;

 private:
  probe::ProbeRunner& runner_;
  probe::Check check_;
};

}  // namespace evt::load
