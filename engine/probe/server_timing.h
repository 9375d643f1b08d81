// Server-Timing response headers (W3C Server Timing): the server's own
// account of where its time went, carried into the probe record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/probe/headers.h"

namespace evt::probe {

struct ServerTimingMetric {
  std::string name;
  std::optional<double> dur_ms;
  std::optional<std::string> desc;
};

// Every metric of every Server-Timing header, in order:
//   Server-Timing: db;dur=53, cache;desc="Cache Read";dur=23.2, miss
// Metrics without a name are dropped; an unparsable dur is left out; other
// parameters are ignored, as the spec asks. At most 32 metrics are kept so
// a misbehaving server cannot bloat the records.
std::vector<ServerTimingMetric> ParseServerTiming(const Headers& headers);

}  // namespace evt::probe
