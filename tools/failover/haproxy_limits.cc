#include "tools/failover/haproxy_limits.h"

#include <cmath>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "tools/failover/haproxy_stat.h"

namespace evt::failover {

std::string LimitEntry(const ClassLimit& limit) {
  if (limit.deny) return "deny";
  const auto per_window = static_cast<long long>(std::ceil(limit.rate_per_second)) + limit.burst;
  return std::to_string(per_window < 1 ? 1 : per_window);
}

Result<MapEntries> ReadLimitsMap(HaproxyRuntime& runtime, const std::string& map) {
  EVT_ASSIGN_OR_RETURN(std::string reply, runtime.Send("show map " + map));
  Result<MapEntries> entries = ParseShowMap(reply);
  if (!entries.ok()) return entries.status().Prefixed(runtime.Name());
  return entries;
}

Status ChangeLimitsMap(HaproxyRuntime& runtime, const std::string& map, const MapEntries& from, const MapEntries& to) {
  for (const auto& [key, value] : from)
    if (!to.contains(key)) EVT_RETURN_IF_ERROR(SendExpectingEmpty(runtime, "del map " + map + " " + key));
  for (const auto& [key, value] : to) {
    auto was = from.find(key);
    if (was == from.end()) {
      EVT_RETURN_IF_ERROR(SendExpectingEmpty(runtime, "add map " + map + " " + key + " " + value));
    } else if (was->second != value) {
      EVT_RETURN_IF_ERROR(SendExpectingEmpty(runtime, "set map " + map + " " + key + " " + value));
    }
  }
  return Status::Ok();
}

std::string MapFileText(const MapEntries& entries) {
  std::string text = "# written by evt-failover (reduced mode): class limit\n";
  for (const auto& [key, value] : entries) text += key + " " + value + "\n";
  return text;
}

Result<std::string> EncodeRestoreToken(const std::string& map, const MapRestorePoint& point) {
  Value held = Value::object();
  for (const auto& [key, value] : point.entries) held.set(key, value);
  Value file = point.file ? Value(*point.file) : Value(nullptr);
  Result<std::string> token = ToJson(Value::object({{"map", map}, {"entries", std::move(held)}, {"file", file}}));
  if (!token.ok()) return token.status().Prefixed("map " + map + ": cannot keep it to restore");
  return token;
}

Result<MapRestorePoint> DecodeRestoreToken(const std::string& token, const std::string& map) {
  Result<Value> v = ParseJson(token, "the reduced mode's restore token");
  if (!v.ok()) return v.status();
  const Value* named = v->find("map");
  const Value* held = v->find("entries");
  if (named == nullptr || !named->is_string() || held == nullptr || !held->is_object())
    return Status::DataErr("the reduced mode's restore token is not one the HAProxy driver wrote: " + token);
  if (named->as_string() != map)
    return Status::DataErr("the reduced mode's restore token is for the map " + named->as_string() + ", not " + map);
  MapRestorePoint point;
  for (const auto& [key, value] : held->as_object()) {
    if (!value.is_string()) return Status::DataErr("the restore token's entry \"" + key + "\" is not a string");
    point.entries[key] = value.as_string();
  }
  const Value* file = v->find("file");
  if (file != nullptr && file->is_string()) point.file = file->as_string();
  return point;
}

}  // namespace evt::failover
