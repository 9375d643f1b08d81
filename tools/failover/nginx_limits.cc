#include "tools/failover/nginx_limits.h"

#include <cctype>
#include <cmath>
#include <set>

#include "tools/failover/nginx_upstream.h"

namespace evt::failover {
namespace {

// The class as a part of an nginx variable or zone name.
std::string NameToken(const std::string& route) {
  const std::string bind = NginxBindVariable(route);  // "evt_bind_" + the sanitized name
  return bind.substr(sizeof("evt_bind_") - 1);
}

Status CheckLimits(const std::vector<ClassLimit>& limits) {
  std::set<std::string> seen;
  for (const ClassLimit& l : limits) {
    if (l.route.empty()) return Status::Usage("reduced mode: a limit without a class name");
    for (char c : l.route)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
        return Status::Usage("reduced mode: class \"" + l.route +
                             "\": nginx names it in a map, so letters, digits, \"-\", \"_\" and \".\" only");
    if (!seen.insert(NameToken(l.route)).second)
      return Status::Usage("reduced mode: class \"" + l.route + "\" is limited twice (or two names read the same in nginx)");
    if (!l.deny && !(l.rate_per_second > 0))
      return Status::Usage("reduced mode: class \"" + l.route + "\": the rate must be more than 0 per second");
    if (l.burst < 0) return Status::Usage("reduced mode: class \"" + l.route + "\": the burst must not be negative");
  }
  return Status::Ok();
}

std::string RateLimit(const ClassLimit& l) {
  const std::string token = NameToken(l.route);
  const std::string key = "$evt_limit_" + token;
  return "map $evt_class " + key + " { \"" + l.route + "\" \"" + l.route + "\"; default \"\"; }\n" +
         "limit_req_zone " + key + " zone=evt_" + token + ":1m rate=" + NginxRate(l.rate_per_second) + ";\n" +
         "limit_req zone=evt_" + token + " burst=" + std::to_string(l.burst) + " nodelay;\n";
}

}  // namespace

std::string NginxRate(double rate_per_second) {
  const double whole = std::round(rate_per_second);
  if (rate_per_second >= 1 && std::abs(rate_per_second - whole) < 1e-9)
    return std::to_string(static_cast<long long>(whole)) + "r/s";
  const double per_minute = std::max(1.0, std::round(rate_per_second * 60));
  return std::to_string(static_cast<long long>(per_minute)) + "r/m";
}

Result<std::string> RenderNginxLimits(const std::vector<ClassLimit>& limits) {
  EVT_RETURN_IF_ERROR(CheckLimits(limits));
  std::string out = limits.empty() ? "# evt-failover: normal service, no class limited (doc/design.md §16)\n"
                                   : "# evt-failover: reduced service mode (doc/design.md §16)\n";
  std::string denied;
  for (const ClassLimit& l : limits) {
    if (l.deny) {
      denied += " \"" + l.route + "\" 1;";
    } else {
      out += RateLimit(l);
    }
  }
  out += "map $evt_class $evt_deny {" + denied + " default 0; }\n";
  if (!limits.empty()) out += "limit_req_status 429;\n";
  return out;
}

}  // namespace evt::failover
