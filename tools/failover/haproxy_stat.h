// Readers of what HAProxy 2.6's runtime API prints: `show servers state`,
// `show stat` (CSV), `get weight` and `show map <file>`. Columns are found
// by the names in the header line, not by position, so a HAProxy that adds
// a column does not shift what is read. Tested on output captured from
// Debian's haproxy 2.6 (tests/unit/failover/haproxy_fixtures/).
//
// Every failure is DataErr naming the command and what was wrong; a reply
// that is not a table at all (a refusal such as "Can't find backend.") is
// returned as the error, verbatim.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// One server line of `show servers state`.
struct ServerStateRow {
  std::string backend;
  std::string server;
  int op_state = 0;     // srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping
  int admin_flags = 0;  // srv_admin_state: bits (maintenance 0x01,0x02,0x04,0x20,0x40; drain 0x08,0x10)
  int weight = 0;       // srv_uweight: the weight `set server ... weight` sets
  int initial_weight = 0;  // srv_iweight: the config's
};

// One row of `show stat`: a server, or a backend's aggregate ("BACKEND").
struct StatRow {
  std::string proxy;   // pxname
  std::string server;  // svname: a server's name, "BACKEND" or "FRONTEND"
  std::string status;  // "UP", "DOWN", "MAINT", "DRAIN", "no check", ...
  int weight = 0;
  std::uint64_t sessions = 0;  // stot: sessions sent to it since start
  std::string algorithm;       // algo: a backend row's balance algorithm
};

Result<std::vector<ServerStateRow>> ParseServersState(std::string_view reply);
Result<std::vector<StatRow>> ParseShowStat(std::string_view reply);
// "50 (initial 50)" -> 50.
Result<int> ParseGetWeight(std::string_view reply);
// `show map <file>` lines "0x55d0c1a2 reads deny": key -> value, in order.
Result<std::map<std::string, std::string>> ParseShowMap(std::string_view reply);

// The driver's view of one server: admin bits and op state made plain.
AdminState AdminFromFlags(int admin_flags);
MemberState ToMemberState(const ServerStateRow& row);

}  // namespace evt::failover
