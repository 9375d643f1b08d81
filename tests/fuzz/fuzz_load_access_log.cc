// evt-load's replay reader on hostile logs: every format, forced or
// detected, under --on-error skip. Nothing may crash or hang, and whatever
// is read must be fit to send: a method ParseRequestLine would take, a
// target that percent-encoding leaves as it is, arrivals in order from 0.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "tools/load/replay_log.h"
#include "tools/load/replay_schedule.h"
#include "tools/load/request_line.h"

namespace {

void CheckFitToSend(const evt::load::ReplayLog& log) {
  double previous = 0;
  for (const evt::load::ReplayRequest& r : log.requests) {
    if (!evt::load::CheckMethod(r.method).ok()) std::abort();
    evt::Result<std::string> target = evt::load::TargetToSend(r.target);
    if (!target.ok() || *target != r.target) std::abort();
    if (!(r.at_s >= previous) || r.line < 1) std::abort();
    previous = r.at_s;
  }
  if (!log.requests.empty() && log.requests.front().at_s != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (auto format : {evt::load::LogFormat::kAuto, evt::load::LogFormat::kCombined, evt::load::LogFormat::kHaproxy,
                      evt::load::LogFormat::kJson, evt::load::LogFormat::kRecords}) {
    std::istringstream in(text);
    evt::load::ReplayLogOptions options;
    options.format = format;
    options.on_error = evt::OnError::kSkip;
    evt::Result<evt::load::ReplayLog> log = evt::load::ReadReplayLog(in, "fuzz", options);
    if (!log.ok()) {
      // Only the detection of an unknown first line may fail under skip.
      if (format != evt::load::LogFormat::kAuto || log.status().code() != evt::ExitCode::kDataErr) std::abort();
      continue;
    }
    if (log->malformed + static_cast<std::int64_t>(log->requests.size()) != log->lines) std::abort();
    CheckFitToSend(*log);
    evt::load::ReplayScheduleOptions schedule;
    schedule.speed = 3;
    schedule.max_gap_s = 0.5;
    evt::load::ReplaySchedule paced = evt::load::BuildReplaySchedule(log->requests, schedule);
    if (static_cast<std::int64_t>(paced.requests.size()) + paced.skipped_unsafe !=
        static_cast<std::int64_t>(log->requests.size())) {
      std::abort();
    }
  }
  return 0;
}
