// The `failover` section of the config, read strictly: every mistake is
// Status::Config (exit 78) naming the file and the JSON pointer.
//
//   "failover": {"fast_interval": "500ms", "failback_after": "30s",
//     "damping": {"penalty": 1000, "half_life": "60s", "suppress": 2000,
//                 "reuse": 750, "max_suppress": "10m"},
//     "paths": [{"name": "primary", "targets": ["uplink"], "reliability": 1,
//                "rise": 3, "fall": 2, "source": "10.0.1.2", "vars": {"upstream": "..."},
//                "degraded": {"raise": {"loss": 0.2, "p95_ms": 800},
//                             "clear": {"loss": 0.05, "p95_ms": 400}},
//                "on_activate": [{"template": "t.tmpl", "write": "/etc/x.conf",
//                                 "then": ["nginx", "-s", "reload"]}],
//                "on_down": [{"run": ["notify", "down"], "timeout": "5s", "retries": 2}]},
//               {"name": "local", "always_up": true}]}
#pragma once

#include <optional>
#include <vector>

#include "common/config.h"
#include "common/status.h"
#include "engine/probe/config_targets.h"
#include "tools/failover/canary_config.h"
#include "tools/failover/route_config.h"
#include "tools/failover/spec.h"

namespace evt::failover {

struct FailoverConfig {
  FailoverSpec spec;
  // The probe targets the paths use, for `watch`.
  std::vector<probe::ConfigTarget> targets;
  // Traffic steering: routes and the reduced mode (route_config.h).
  RouteSection routes;
  // `failover.canary`, when the section has one (canary_config.h).
  std::optional<CanarySpec> canary;
};

// Refused: no paths, a path without a name or with a name used before,
// rise or fall under 1, a target probe.targets lacks, reliability outside
// 1..number of targets, targets on an always_up path or none on another,
// clear limits above raise limits, reuse not under suppress, an action
// whose program is not found (on PATH, or as a path relative to the
// config's folder) or whose template is missing; and what
// ReadRouteSection and ReadCanarySection refuse.
Result<FailoverConfig> ReadFailoverConfig(const Config& config);

// The `config check` of evt-failover.
Status CheckFailoverSection(const Config& config);

}  // namespace evt::failover
