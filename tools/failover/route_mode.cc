#include "tools/failover/route_mode.h"

namespace evt::failover {
namespace {

// The limits per proxy, and one driver to reach it by.
std::map<std::string, std::pair<SteeringDriver*, std::vector<ClassLimit>>> LimitsByProxy(
    const RouteSection& section, const std::vector<SteeringDriver*>& drivers) {
  std::map<std::string, std::pair<SteeringDriver*, std::vector<ClassLimit>>> out;
  if (!section.reduced) return out;
  for (const ClassLimit& limit : section.reduced->limits) {
    for (std::size_t i = 0; i < section.routes.size(); ++i) {
      if (section.routes[i].name != limit.route) continue;
      auto& [driver, limits] = out[drivers[i]->Name()];
      driver = drivers[i];
      limits.push_back(limit);
    }
  }
  return out;
}

SteeringDriver* DriverNamed(const std::string& name, const std::vector<SteeringDriver*>& drivers) {
  for (SteeringDriver* d : drivers)
    if (d->Name() == name) return d;
  return nullptr;
}

}  // namespace

Result<RestoreTokens> EnterReducedMode(const RouteSection& section, const std::vector<SteeringDriver*>& drivers) {
  RestoreTokens tokens;
  for (const auto& [name, entry] : LimitsByProxy(section, drivers)) {
    Result<std::string> token = entry.first->EnterReduced(entry.second);
    if (!token.ok()) {
      Status undone = LeaveReducedMode(tokens, drivers);
      std::string also = undone.ok() ? "" : "; leaving the proxies entered before failed too: " + undone.message();
      return Status::WithCode(token.status().code(), name + ": " + token.status().message() + also);
    }
    tokens[name] = *token;
  }
  return tokens;
}

Status LeaveReducedMode(const RestoreTokens& tokens, const std::vector<SteeringDriver*>& drivers) {
  Status first = Status::Ok();
  for (const auto& [name, token] : tokens) {
    SteeringDriver* d = DriverNamed(name, drivers);
    Status s = d ? d->LeaveReduced(token)
                 : Status::Config(name + ": no route of the config uses this proxy any more: its reduced-mode "
                                         "limits cannot be restored from here");
    if (first.ok() && !s.ok()) first = Status::WithCode(s.code(), name + ": " + s.message());
  }
  return first;
}

}  // namespace evt::failover
