#include "tools/failover/class_paths.h"

#include <algorithm>

namespace evt::failover {

Result<ClassPaths> BindClassPaths(const std::string& route, const std::vector<std::string>& prefer,
                                  const std::vector<PathSpec>& paths, const std::string& where) {
  ClassPaths out;
  out.route = route;
  if (prefer.empty()) return Status::Config(where + ": expected at least one path");
  for (const std::string& name : prefer) {
    auto it = std::find_if(paths.begin(), paths.end(), [&](const PathSpec& p) { return p.name == name; });
    if (it == paths.end()) return Status::Config(where + ": path \"" + name + "\": no such path in /failover/paths");
    if (it->source.empty())
      return Status::Config(where + ": path \"" + name +
                            "\" has no \"source\" address, so no class can be bound to it");
    const bool twice = std::any_of(out.prefer.begin(), out.prefer.end(), [&](const PathBinding& b) { return b.path == name; });
    if (twice) return Status::Config(where + ": path \"" + name + "\" listed twice");
    out.prefer.push_back({name, it->source});
  }
  return out;
}

std::optional<std::string> Carrier(const ClassPaths& c, const std::function<bool(const std::string&)>& is_up) {
  for (const PathBinding& b : c.prefer)
    if (is_up(b.path)) return b.path;
  return std::nullopt;
}

std::vector<MemberWeight> CarrierWeights(const ClassPaths& c, const std::optional<std::string>& carrier) {
  std::vector<MemberWeight> out;
  for (const PathBinding& b : c.prefer) out.push_back({b.path, carrier && *carrier == b.path ? 1 : 0});
  return out;
}

Value NginxBindSettings(const ClassPaths& c) {
  Value out = Value::object();
  for (const PathBinding& b : c.prefer) out.set(b.path, b.source);
  return out;
}

std::string HaproxyClassBackend(const ClassPaths& c, const std::string& destination,
                                const std::optional<std::string>& carrier) {
  std::string out = "backend " + c.route + "\n";
  for (const PathBinding& b : c.prefer)
    out += "  server " + b.path + " " + destination + " source " + b.source + " weight " +
           (carrier && *carrier == b.path ? "1" : "0") + "\n";
  return out;
}

ClassSteering::ClassSteering(std::vector<ClassPaths> classes) : classes_(std::move(classes)) {}

std::vector<ClassSteering::Move> ClassSteering::Update(const std::function<bool(const std::string&)>& is_up) {
  std::vector<Move> moves;
  for (const ClassPaths& c : classes_) {
    std::optional<std::string> now = Carrier(c, is_up);
    auto it = carriers_.find(c.route);
    if (it != carriers_.end() && it->second == now) continue;
    moves.push_back({c.route, it == carriers_.end() ? std::nullopt : it->second, now});
    carriers_[c.route] = now;
  }
  return moves;
}

}  // namespace evt::failover
