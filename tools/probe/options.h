// evt-probe's command line, parsed: what BuildCli fills and Run reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"

namespace evt::probe {

enum class Command { kNone, kHttp, kTcp, kDns, kCdn, kRun, kFlow, kReach };

struct Options {
  CommonOptions common;
  Command command = Command::kNone;
  std::vector<std::string> subjects;  // URLs, HOST:PORTs, names, target names for `run`, flow files

  // Repetition.
  std::string interval;       // a duration; empty: once, unless --count/--watch
  std::string fast_interval;  // after a failure; empty: the interval
  std::optional<std::int64_t> count;
  bool watch = false;  // until stopped
  std::int64_t window = 10;
  std::int64_t concurrency = 64;
  std::string timeout = "5s";
  std::string format;              // -o records|table|prometheus|openmetrics; empty: by the terminal
  std::string textfile;            // write the metrics here, atomically
  std::string origin;              // the box probing, written into each probe record (for reach)

  // HTTP.
  std::string method = "GET";
  std::vector<std::string> headers;
  std::optional<std::string> data;
  std::string data_file;  // "-" for stdin
  std::string expect_status = "2xx";
  std::string expect_body;
  std::vector<std::string> expect_headers;
  std::vector<std::string> resolve;
  std::string interface;
  bool ipv4 = false;
  bool ipv6 = false;
  bool follow = false;
  bool insecure = false;
  std::string ca_file;
  bool reuse = false;

  // DNS.
  std::string server;
  std::string type = "A";
  std::string environment;  // compare with probe.dns_map's addresses for this one, not the config's

  // CDN.
  double min_hit_ratio = 0.85;
  std::string name = "cdn";

  // reach.
  std::vector<std::string> peers;  // BOX=TARGET
  std::string since;               // a duration back from the newest attempt; empty: all
  double min_ok_ratio = 0.5;
};

}  // namespace evt::probe
