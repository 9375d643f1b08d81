// `/healthz`: this box's own health, cheap enough for the other side of the
// link to probe every 2 s (the playbooks' bilateral health checks,
// doc/design.md §17). It reads the state root and site.db only: no tool is
// run, so a slow tool cannot make the box look down.
#pragma once

#include <string>
#include <vector>

#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::front {

struct HealthReport {
  bool healthy = true;
  std::vector<std::string> problems;  // why not: "state root /var/lib/evt: not readable"
  Value body;                         // the JSON answer
};

// Healthy when the state root is a readable folder, its site.db (if any)
// can be read, and no daemon's heartbeat has gone stale: a daemon that
// should be running died. A hold is shown, never unhealthy: a person working
// is not an outage. One-shot (timer) beats are shown and never judged here.
HealthReport CheckHealth(const std::string& state_root, TimePoint now, const std::string& host);

// 200 when healthy, else 503: what a prober or a load balancer reads.
inline int HealthStatusCode(const HealthReport& report) { return report.healthy ? 200 : 503; }

}  // namespace evt::front
