// ParseLoadProfile: the --profile mini-language and its JSON stages file.
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "common/config_object.h"
#include "common/json_parse.h"
#include "tools/load/load_profile.h"

namespace evt::load {
namespace {

std::string Q(std::string_view text) { return "\"" + std::string(text) + "\""; }

Result<double> ParseNumber(std::string_view text, std::string_view what) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return Status::Usage(std::string(what) + " " + Q(text) + " is not a number");
  return value;
}

Result<double> ParseRate(std::string_view text) {
  Result<double> rate = ParseNumber(text, "rate");
  if (!rate.ok()) return rate;
  if (*rate < 0) return Status::Usage("rate " + Q(text) + " is negative");
  return rate;
}

bool IsBareNumber(std::string_view text) {
  double ignored = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ignored);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

Result<double> ParseSeconds(std::string_view text) {
  if (IsBareNumber(text)) return Status::Usage("duration " + Q(text) + " has no unit (say \"" + std::string(text) + "s\")");
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage("duration " + d.status().message());
  if (d->count() <= 0) return Status::Usage("duration " + Q(text) + " must be more than 0s");
  return static_cast<double>(d->count()) / 1000.0;
}

// The profile's own length cut to --duration, or its last rate held to it.
std::vector<ProfileStage> FitToDuration(std::vector<ProfileStage> stages, std::optional<Duration> duration) {
  if (!duration) return stages;
  double wanted = static_cast<double>(duration->count()) / 1000.0;
  std::vector<ProfileStage> fitted;
  double start = 0;
  for (ProfileStage s : stages) {
    if (start >= wanted) break;
    if (start + s.seconds > wanted) {
      double kept = wanted - start;
      s.to = s.from + (s.to - s.from) * kept / s.seconds;
      s.seconds = kept;
    }
    start += s.seconds;
    fitted.push_back(s);
  }
  if (start < wanted) fitted.push_back({wanted - start, fitted.back().to, fitted.back().to});
  return fitted;
}

Status CheckRunLength(std::optional<Duration> duration, std::string_view shape) {
  if (!duration) return Status::Usage("--duration is required with a " + std::string(shape) + " profile");
  if (duration->count() <= 0) return Status::Usage("--duration must be more than 0s");
  return Status::Ok();
}

Result<std::vector<ProfileStage>> ParseRamp(std::string_view body) {
  std::size_t slash = body.rfind('/');
  std::size_t dash = body.find('-');
  if (slash == std::string_view::npos || dash == std::string_view::npos || dash > slash)
    return Status::Usage("expected ramp:FROM-TO/DURATION, such as ramp:0-2000/60s");
  EVT_ASSIGN_OR_RETURN(double from, ParseRate(body.substr(0, dash)));
  EVT_ASSIGN_OR_RETURN(double to, ParseRate(body.substr(dash + 1, slash - dash - 1)));
  EVT_ASSIGN_OR_RETURN(double seconds, ParseSeconds(body.substr(slash + 1)));
  return std::vector<ProfileStage>{{seconds, from, to}};
}

Result<std::vector<ProfileStage>> ParseSteps(std::string_view body) {
  std::size_t slash = body.rfind('/');
  if (slash == std::string_view::npos) return Status::Usage("expected steps:RATE,RATE,.../DURATION, such as steps:100,500,1000/10s");
  EVT_ASSIGN_OR_RETURN(double seconds, ParseSeconds(body.substr(slash + 1)));
  std::vector<ProfileStage> stages;
  std::string_view rates = body.substr(0, slash);
  while (true) {
    std::size_t comma = rates.find(',');
    EVT_ASSIGN_OR_RETURN(double rate, ParseRate(rates.substr(0, comma)));
    stages.push_back({seconds, rate, rate});
    if (comma == std::string_view::npos) break;
    rates.remove_prefix(comma + 1);
  }
  return stages;
}

Result<LoadProfile> ParseSine(std::string_view body, std::optional<Duration> duration) {
  std::size_t first = body.find(':');
  std::size_t second = first == std::string_view::npos ? first : body.find(':', first + 1);
  if (second == std::string_view::npos) return Status::Usage("expected sine:MEAN:AMPLITUDE:PERIOD, such as sine:500:300:20s");
  EVT_ASSIGN_OR_RETURN(double mean, ParseRate(body.substr(0, first)));
  EVT_ASSIGN_OR_RETURN(double amplitude, ParseNumber(body.substr(first + 1, second - first - 1), "amplitude"));
  EVT_ASSIGN_OR_RETURN(double period, ParseSeconds(body.substr(second + 1)));
  if (mean + std::abs(amplitude) <= 0) return Status::Usage("the rate never rises above 0");
  EVT_RETURN_IF_ERROR(CheckRunLength(duration, "sine"));
  return LoadProfile::Sine(mean, amplitude, period, static_cast<double>(duration->count()) / 1000.0);
}

Result<ProfileStage> ReadStage(const ConfigObject& o, double previous_rate) {
  EVT_ASSIGN_OR_RETURN(Duration length, o.Duration("duration"));
  if (length.count() <= 0) return o.Error("duration", "must be more than 0s");
  ProfileStage stage{static_cast<double>(length.count()) / 1000.0, 0, 0};
  // k6 writes the rate a stage ends at as "target"; "to" reads better
  // beside "from". Either is taken, not both.
  const char* to_key = o.Has("target") ? "target" : "to";
  if (o.Has("target") && o.Has("to")) return o.Error("give \"to\" or k6's \"target\", not both");
  if (o.Has("rate")) {
    if (o.Has("from") || o.Has(to_key)) return o.Error("give either \"rate\" or \"from\"/\"to\", not both");
    EVT_ASSIGN_OR_RETURN(stage.from, o.Number("rate"));
    stage.to = stage.from;
  } else {
    if (!o.Has(to_key)) return o.Error("expected \"rate\", or \"to\" (with an optional \"from\")");
    EVT_ASSIGN_OR_RETURN(stage.from, o.Number("from", previous_rate));
    EVT_ASSIGN_OR_RETURN(stage.to, o.Number(to_key));
  }
  if (stage.from < 0 || stage.to < 0) return o.Error("rates must not be negative");
  return stage;
}

Result<std::vector<ProfileStage>> ParseStagesFile(const std::string& path) {
  EVT_ASSIGN_OR_RETURN(Value document, ParseJsonFile(path));
  ConfigOrigin origin;
  origin.file = path;
  origin.code = ExitCode::kUsage;
  EVT_ASSIGN_OR_RETURN(ConfigObject root, ConfigObject::FromValue(std::move(document), "", origin));
  EVT_ASSIGN_OR_RETURN(std::vector<ConfigObject> items, root.ObjectArray("stages"));
  if (items.empty()) return root.Error("stages", "expected at least one stage");
  std::vector<ProfileStage> stages;
  for (const ConfigObject& item : items) {
    EVT_ASSIGN_OR_RETURN(ProfileStage stage, ReadStage(item, stages.empty() ? 0.0 : stages.back().to));
    stages.push_back(stage);
  }
  EVT_RETURN_IF_ERROR(root.Finish());
  return stages;
}

Result<LoadProfile> ParseShape(std::string_view spec, double rate, std::optional<Duration> duration) {
  if (spec.empty() || spec == "constant") {
    if (rate <= 0) return Status::Usage("--rate is required (more than 0) with a constant profile");
    EVT_RETURN_IF_ERROR(CheckRunLength(duration, "constant"));
    return LoadProfile::Constant(rate, static_cast<double>(duration->count()) / 1000.0);
  }
  Result<std::vector<ProfileStage>> stages = Status::Usage(
      "unknown profile; expected constant, ramp:FROM-TO/DURATION, steps:RATE,.../DURATION, "
      "sine:MEAN:AMPLITUDE:PERIOD or @FILE");
  if (spec.starts_with("ramp:")) stages = ParseRamp(spec.substr(5));
  if (spec.starts_with("steps:")) stages = ParseSteps(spec.substr(6));
  if (spec.starts_with("sine:")) return ParseSine(spec.substr(5), duration);
  if (spec.starts_with("@")) {
    stages = ParseStagesFile(std::string(spec.substr(1)));
    if (!stages.ok()) return Status::Usage(stages.status().message());
  }
  if (!stages.ok()) return stages.status();
  if (duration && duration->count() <= 0) return Status::Usage("--duration must be more than 0s");
  return LoadProfile::Stages(FitToDuration(std::move(*stages), duration));
}

}  // namespace

Result<LoadProfile> ParseLoadProfile(std::string_view spec, double rate, std::optional<Duration> duration) {
  bool constant = spec.empty() || spec == "constant";  // its errors are about --rate and --duration
  // A rate the profile would ignore is refused rather than silently dropped.
  if (!constant && rate > 0)
    return Status::Usage("--rate and --profile " + std::string(spec) + ": the profile sets its own rates; give one");
  Result<LoadProfile> profile = ParseShape(spec, rate, duration);
  if (!profile.ok()) return constant ? profile.status() : profile.status().Prefixed("--profile " + std::string(spec));
  if (profile->PeakRate() <= 0) return Status::Usage("--profile " + std::string(spec) + ": the rate is 0 throughout");
  return profile;
}

}  // namespace evt::load
