#include "tools/load/replay_options.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/duration.h"

namespace evt::load {
namespace {

// An empty flag is no limit; otherwise a duration in seconds.
Result<std::optional<double>> OptionalSeconds(std::string_view flag, const std::string& text) {
  if (text.empty()) return std::optional<double>();
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage(std::string(flag) + ": " + d.status().message());
  return std::optional<double>(static_cast<double>(d->count()) / 1000.0);
}

}  // namespace

Result<ReplayLogOptions> ResolveReplayLogOptions(const Options& options, const LoadSection& section) {
  ReplayLogOptions out;
  EVT_ASSIGN_OR_RETURN(out.format, ParseLogFormat(options.log_format));
  const std::pair<const char*, std::string*> roles[] = {{"time", &out.fields.time},
                                                        {"method", &out.fields.method},
                                                        {"path", &out.fields.path},
                                                        {"request_time", &out.fields.request_time},
                                                        {"status", &out.fields.status}};
  for (const auto& [role, field] : roles) {
    auto named = section.replay_fields.find(role);
    if (named != section.replay_fields.end()) *field = named->second;
  }
  out.on_error = options.common.on_error;
  return out;
}

Result<ReplayScheduleOptions> ResolveReplayScheduleOptions(const Options& options) {
  ReplayScheduleOptions out;
  EVT_ASSIGN_OR_RETURN(out.speed, ParseSpeed(options.speed));
  EVT_ASSIGN_OR_RETURN(out.max_gap_s, OptionalSeconds("--max-gap", options.max_gap));
  EVT_ASSIGN_OR_RETURN(out.duration_s, OptionalSeconds("--duration", options.duration));
  if (options.max_requests < 0) {
    return Status::Usage("--max-requests " + std::to_string(options.max_requests) + ": expected 0 (no cap) or more");
  }
  out.max_requests = options.max_requests;
  out.allow_unsafe = options.allow_unsafe;
  return out;
}

}  // namespace evt::load
