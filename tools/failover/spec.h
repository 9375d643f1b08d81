// The `failover` section as the core uses it: paths most preferred first,
// their health rules, damping and failback. Read from the config by
// failover_config.h; built directly by tests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"

namespace evt::failover {

// One step of a hook: a command (argv, no shell), or a template rendered and
// written atomically, then an optional command.
struct ActionSpec {
  std::vector<std::string> run;  // argv; empty for a template action
  std::string template_file;     // the template to render
  std::string write;             // where the rendered text goes (rename into place)
  std::vector<std::string> then;  // argv run after the write; may be empty
  Duration timeout{10000};
  int retries = 2;  // further attempts after a failure
};

// Latency/loss limits: `degraded` is raised when loss or p95 reaches the
// raise limits, cleared when both are at or under the clear limits.
struct QualityLimits {
  double loss = 1.0;
  double p95_ms = 1e18;
};

struct DegradedSpec {
  QualityLimits raise;
  QualityLimits clear;
  int window = 20;  // how many recent results the loss and p95 cover
};

struct DampingSpec {
  double penalty = 1000;
  double suppress = 2000;
  double reuse = 750;
  Duration half_life{60000};
  Duration max_suppress{600000};
};

struct PathSpec {
  std::string name;
  std::vector<std::string> targets;  // probe.targets names
  int reliability = 1;               // how many targets must answer
  int rise = 3;
  int fall = 2;
  bool always_up = false;
  // The local address traffic sent over this path leaves from (a class on
  // its own paths binds to it: class_paths.h); "" when not given.
  std::string source;
  std::map<std::string, std::string> vars;
  // For templates only (a dot is no environment variable name): "dns.NAME"
  // is probe.dns_map's addresses of NAME in its active environment.
  std::map<std::string, std::string> site_vars;
  std::optional<DegradedSpec> degraded;
  std::vector<ActionSpec> on_up, on_down, on_activate, on_deactivate;
};

struct FailoverSpec {
  Duration fast_interval{500};
  Duration failback_after{30000};
  std::optional<DampingSpec> damping;
  std::vector<PathSpec> paths;
};

}  // namespace evt::failover
