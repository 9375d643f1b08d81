// NUT's upsd network protocol (docs/net-protocol.txt): LIST VAR over TCP,
// and the mapping of a UPS's variables to nut_* metrics.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "tools/scrape/exposition.h"

namespace evt::scrape {

using NutVars = std::vector<std::pair<std::string, std::string>>;

// Parses upsd's answer to "LIST VAR <ups>": BEGIN LIST VAR, VAR lines with
// quoted values (\\ and \" escaped), END LIST VAR. "ERR <code>" becomes an
// error naming the code (UNKNOWN-UPS, ACCESS-DENIED, ...). `reply` must be
// complete through the END line.
Result<NutVars> ParseNutListVar(std::string_view reply, std::string_view ups);

// Connects to host:port, asks LIST VAR, reads to END or an ERR, and says
// LOGOUT. Unavailable when the server cannot be reached or drops the
// connection, TempFail on timeout, DataErr on a malformed reply.
Result<NutVars> FetchNutVars(const std::string& host, int port, const std::string& ups,
                             std::chrono::milliseconds timeout);

struct NutMetric {
  std::string name;  // "nut_battery_charge"
  Labels labels;     // {"ups": ups} plus {"flag": "OL"} for status flags
  double value;
};

// One metric per numeric variable, named nut_ + the variable with every
// character a Prometheus name cannot hold ('.', '-', ...) as '_';
// percentages (battery.charge*, *load*, *efficiency) as ratios 0..1;
// ups.status as nut_ups_status{flag=...} 1 for each flag present and 0
// for the usual flags absent. Other text variables are left out. A
// percentage outside 0..100, and NaN or an infinity, is kept and added to
// `problems`: a broken driver or a UPS misreporting is worth a look.
std::vector<NutMetric> NutMetrics(const NutVars& vars, const std::string& ups, std::vector<std::string>* problems = nullptr);

}  // namespace evt::scrape
