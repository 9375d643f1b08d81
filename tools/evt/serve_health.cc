#include "tools/evt/serve_health.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace evt::front {
namespace {

bool ReadableFolder(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec) && access(path.c_str(), R_OK | X_OK) == 0;
}

Value BeatValue(const Beat& beat, TimePoint now, const std::string& host) {
  Value daemon = Value::object({{"daemon", beat.daemon},
                                {"host", beat.host},
                                {"pid", beat.pid},
                                {"state", LivenessText(beat, now, host)},
                                {"beat_at", FormatRfc3339(beat.beat_at)}});
  return daemon;
}

Value HoldValue(const SiteHold& hold) {
  return Value::object({{"reason", hold.reason},
                        {"by", hold.by},
                        {"since", FormatRfc3339(hold.since)},
                        {"until", FormatRfc3339(hold.until)}});
}

void CheckDaemons(const std::vector<Beat>& beats, TimePoint now, const std::string& host, HealthReport& report,
                  Value& daemons) {
  for (const Beat& beat : beats) {
    daemons.push_back(BeatValue(beat, now, host));
    if (beat.one_shot || IsAlive(beat, now, host)) continue;
    report.healthy = false;
    report.problems.push_back("daemon " + beat.daemon + " (pid " + std::to_string(beat.pid) + " on " + beat.host +
                              "): " + LivenessText(beat, now, host));
  }
}

}  // namespace

HealthReport CheckHealth(const std::string& state_root, TimePoint now, const std::string& host) {
  HealthReport report;
  Value daemons = Value::array();
  Value hold = nullptr;
  const bool readable = !state_root.empty() && ReadableFolder(state_root);
  if (!readable) {
    report.healthy = false;
    report.problems.push_back("state root " + (state_root.empty() ? std::string("(none chosen)") : state_root) +
                              ": not a readable folder");
  } else {
    Result<std::vector<Beat>> beats = ReadBeats(state_root);
    Result<std::optional<SiteHold>> held = HoldAt(state_root, now);
    if (!beats.ok() || !held.ok()) {
      report.healthy = false;
      report.problems.push_back("site.db: " + (beats.ok() ? held.status() : beats.status()).message());
    } else {
      CheckDaemons(*beats, now, host, report, daemons);
      if (*held) hold = HoldValue(**held);
    }
  }
  Value problems = Value::array();
  for (const std::string& problem : report.problems) problems.push_back(problem);
  report.body = Value::object({{"status", report.healthy ? "ok" : "unhealthy"},
                               {"host", host},
                               {"ts", FormatRfc3339(now)},
                               {"state_root", Value::object({{"path", state_root}, {"readable", readable}})},
                               {"daemons", std::move(daemons)},
                               {"hold", std::move(hold)},
                               {"problems", std::move(problems)}});
  return report;
}

}  // namespace evt::front
