#include "tools/probe/reach_tally.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace evt::probe {
namespace {

Result<std::string> RequiredString(const Value& probe, std::string_view key, std::string_view hint) {
  const Value* field = probe.find(key);
  if (field == nullptr) return Status::DataErr(std::string(key) + ": missing" + std::string(hint));
  if (!field->is_string() || field->as_string().empty()) {
    return Status::DataErr(std::string(key) + ": expected a non-empty string, got " + std::string(field->type_name()));
  }
  return field->as_string();
}

using PairKey = std::pair<std::string, std::string>;

void Count(const ReachAttempt& attempt, ReachDirection& direction) {
  ++direction.attempts;
  if (attempt.ok) {
    ++direction.ok;
    if (!direction.last_ok || attempt.at > *direction.last_ok) direction.last_ok = attempt.at;
  }
}

std::map<PairKey, ReachDirection> CountDirections(const std::vector<ReachAttempt>& attempts, TimePoint start) {
  std::map<PairKey, ReachDirection> directions;
  std::map<PairKey, TimePoint> newest_failure;
  for (const ReachAttempt& attempt : attempts) {
    if (attempt.at < start) continue;
    PairKey key{attempt.from, attempt.to};
    ReachDirection& direction = directions[key];
    direction.from = attempt.from;
    direction.to = attempt.to;
    Count(attempt, direction);
    if (attempt.ok) continue;
    auto [failure, first] = newest_failure.try_emplace(key, attempt.at);
    if (first || attempt.at >= failure->second) {
      failure->second = attempt.at;
      direction.last_error = attempt.error;
    }
  }
  return directions;
}

}  // namespace

Status AddPeer(const std::string& spec, std::map<std::string, std::string>& peers) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
    return Status::Usage("--peer " + spec + ": expected BOX=TARGET (\"gateway=http://10.0.0.2:7450/healthz\")");
  }
  peers[spec.substr(equals + 1)] = spec.substr(0, equals);
  return Status::Ok();
}

Result<ReachAttempt> AttemptFromRecord(const Value& probe, const ReachOptions& options) {
  ReachAttempt attempt;
  EVT_ASSIGN_OR_RETURN(attempt.from, RequiredString(probe, "origin", ": run evt-probe with --origin BOX on each box"));
  EVT_ASSIGN_OR_RETURN(std::string target, RequiredString(probe, "target", ""));
  auto peer = options.peers.find(target);
  attempt.to = peer == options.peers.end() ? target : peer->second;
  EVT_ASSIGN_OR_RETURN(std::string ts, RequiredString(probe, "ts", ""));
  Result<TimePoint> at = ParseRfc3339(ts);
  if (!at.ok()) return Status::DataErr("ts: " + at.status().message());
  attempt.at = *at;
  const Value* ok = probe.find("ok");
  if (ok == nullptr || !ok->is_bool()) return Status::DataErr("ok: expected true or false");
  attempt.ok = ok->as_bool();
  if (const Value* error = probe.find("error"); error != nullptr && error->is_string()) attempt.error = error->as_string();
  return attempt;
}

ReachReport SummarizeReach(const std::vector<ReachAttempt>& attempts, const ReachOptions& options) {
  ReachReport report;
  if (attempts.empty()) return report;
  report.start = report.end = attempts.front().at;
  for (const ReachAttempt& attempt : attempts) {
    report.end = std::max(report.end, attempt.at);
    report.start = std::min(report.start, attempt.at);
  }
  if (options.since) report.start = std::max(report.start, report.end - *options.since);
  std::map<PairKey, ReachDirection> directions = CountDirections(attempts, report.start);
  for (const auto& [key, direction] : directions) {
    ReachPair pair;
    pair.there = direction;
    pair.reaches = direction.OkRatio() >= options.min_ok_ratio;
    auto back = directions.find(PairKey{key.second, key.first});
    if (back != directions.end()) {
      pair.back = back->second;
      pair.back_reaches = back->second.OkRatio() >= options.min_ok_ratio;
    }
    report.pairs.push_back(std::move(pair));
  }
  return report;
}

}  // namespace evt::probe
