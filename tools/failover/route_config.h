// `failover.routes` and `failover.modes`, read strictly (doc/design.md §16):
// every mistake is Status::Config (exit 78) naming the file and the JSON
// pointer. The `driver` object of a route is read by its type's own
// parser (steering_driver_factory.h), which contacts nothing.
//
//   "routes": [{"name": "reads", "essential": false,
//               "driver": {"type": "haproxy", "backend": "reads", ...},
//               "members": [{"name": "cache", "targets": ["cache-health"]},
//                           {"name": "origin", "path": "primary"}],
//               "split": {"cache": 70, "origin": 30},
//               "ramp": {"steps": [10, 25, 50, 100], "hold": "30s"}},
//              {"name": "checkout", "essential": true, "driver": {...},
//               "members": [...], "prefer": ["slice-a", "uplink"]}],
//   "modes": {"reduced": {"limits": {"stream": {"deny": true},
//                                    "reads": {"rate": "20/s", "burst": 10}},
//                         "governor_level": 2}}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/probe/config_targets.h"
#include "tools/failover/spec.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// A server of the route's backend. Its health comes from probe targets
// (with a path's rise/fall semantics), or from a path: up while it is up.
struct RouteMember {
  std::string name;
  std::vector<std::string> targets;
  int reliability = 1;
  int rise = 3;
  int fall = 2;
  std::string path;  // a failover.paths name, instead of targets
};

// How a recovered member comes back: each step a percentage of its
// configured share, held `hold` and while its checks pass.
struct RampSpec {
  std::vector<int> steps{25, 50, 100};
  Duration hold{30000};
};

struct RouteSpec {
  std::string name;  // the traffic class
  bool essential = false;
  DriverSpec driver;
  // The proxy's backend/upstream: the driver's "backend", else its
  // "upstream", else the route's name.
  std::string backend;
  std::vector<RouteMember> members;
  // Either split (percent per member, in members' order, summing to 100)
  // or prefer (member names, most preferred first).
  std::vector<int> split;
  std::vector<std::string> prefer;
  RampSpec ramp;
  bool prefers() const { return !prefer.empty(); }
};

struct ReducedMode {
  std::vector<ClassLimit> limits;
  std::optional<int> governor_level;  // enter while the governor's level is at least this
};

struct RouteSection {
  std::vector<RouteSpec> routes;
  std::optional<ReducedMode> reduced;
  // Probe targets the members name, for watch to schedule.
  std::vector<std::string> member_targets;
  const RouteSpec* Find(const std::string& name) const;
};

// Reads `routes` and `modes` of the failover section. `paths` are the
// section's paths (a member may name one), `known` probe.targets.
// Refused: a route or member without a name or with a name used before, no
// members, a member with both or neither of targets and path, an unknown
// target or path, neither or both of split and prefer, a split naming an
// unknown member, missing one or not summing to 100, a prefer list with an
// unknown or repeated member, ramp steps not rising to 100, a driver type
// other than haproxy or nginx or a driver object its parser refuses, a limit on an unknown or essential route, a
// rate that is not "N/s", "N/m" or "N/h".
Result<RouteSection> ReadRouteSection(const ConfigObject& failover, const std::vector<PathSpec>& paths,
                                      const std::vector<probe::ConfigTarget>& known, const std::string& config_dir);

// "20/s" → 20, "60/m" → 1: requests per second.
Result<double> ParseRatePerSecond(std::string_view text);

}  // namespace evt::failover
