// The command line of evt-failover: BuildCli for main and the docs
// generator, Run for main.
#pragma once

#include <cstdint>
#include <string>

#include "common/cli.h"

namespace evt::failover {

enum class Command { kNone, kDecide, kWatch, kStatus, kHistory, kForce, kRelease, kRouteShow, kRouteSet, kMode,
                     kCanary, kCanaryStatus, kCanaryAbort };

struct Options {
  CommonOptions common;
  Command command = Command::kNone;
  std::string path;          // force
  std::string force_for = "10m";  // force --for
  std::string wait;          // force/release --wait[=T]; empty: do not wait
  bool queue = false;        // force/release --queue: no live daemon needed
  std::int64_t limit = 50;   // history --limit
  std::int64_t concurrency = 16;  // watch
  std::string format;        // status -o records|table|prometheus|openmetrics; empty: by the terminal
  std::string route;         // route show|set ROUTE
  std::string split;         // route set --split cache=70,origin=30
  std::string mode;          // mode [normal|reduced]; empty: show
  std::string mode_for;      // mode reduced --for DURATION; empty: until `mode normal`
  std::string textfile;      // status/watch --textfile PATH: the Prometheus text, written atomically
  std::string canary_to;       // canary --to NEW
  std::string canary_steps;    // canary --steps 5,25,50; empty: the config's
  std::string canary_interval; // canary --interval D; empty: the config's
  bool yes = false;            // canary --yes
  bool dry_run = false;        // canary --dry-run
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::failover
