// evt-load's command line: one BuildCli for main and the docs generator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace evt::load {

// The most requests in flight: one socket each, and past this libcurl's
// per-pass work over every transfer stalls the schedule (100,000 refused
// connections at 1e6/s ran for minutes with 900 MB).
inline constexpr std::int64_t kMaxInFlight = 10000;

struct Options {
  CommonOptions common;
  CLI::App* run_command = nullptr;
  std::string url;                 // the unit of load: a URL,
  std::string flow_file;           // or an evt-probe flow file (a virtual buyer),
  std::string replay_file;         // or a log / load.request records to replay
  double rate = 0;                 // requests (or buyers) per second, for the constant profile only
  std::string profile;             // constant, ramp:A-B/D, steps:..., sine:..., or @FILE.json (their own rates)
  std::string duration;            // "10s"
  std::int64_t max_in_flight = 0;  // 0: rate x timeout, bounded
  std::int64_t max_requests = 0;   // 0: what rate x duration needs
  std::string timeout = "5s";
  std::string raw_file;            // one load.request record per request
  std::string speed = "1x";        // replay
  std::string max_gap;             // replay: skip idle time beyond this
  std::string log_format = "auto"; // replay: combined, haproxy, json, records, auto
  bool allow_unsafe = false;       // replay or send methods other than GET/HEAD
  std::vector<std::string> abort_if;
  std::string method = "GET";
  std::vector<std::string> headers;
  std::string format;              // run -o records|prometheus|openmetrics; empty: records
  std::string name;                // what records call the run; default its URL, flow or replay file
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::load
