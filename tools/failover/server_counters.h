// The proxy's own count of what each server of a backend answered, for the
// canary's real traffic (doc/design.md §19): requests and 5xx responses per
// server since the proxy started, so a window's share is the difference of
// two reads. An optional capability beside the driver contract
// (steering_driver.h): HAProxy has the counters in `show stat`; nginx
// (outside nginx Plus) has none, and real traffic is then not counted.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tools/failover/haproxy_socket.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct ServerCount {
  std::uint64_t requests = 0;     // HTTP requests sent to the server
  std::uint64_t server_errors = 0;  // its 5xx responses
};

// Server name -> its counts, for one backend.
using BackendCounts = std::map<std::string, ServerCount>;

class ServerCounters {
 public:
  virtual ~ServerCounters() = default;
  // "haproxy:/run/evt/haproxy.sock", for messages.
  virtual std::string Name() const = 0;
  virtual Result<BackendCounts> ReadServerCounters(const std::string& backend) = 0;
};

// `show stat` (HAProxy 2.6 CSV): req_tot and hrsp_5xx of every server row
// of `backend` (the BACKEND and FRONTEND aggregates left out). DataErr
// naming the column when the header lacks req_tot or hrsp_5xx, or HAProxy's
// refusal verbatim when the reply is not a table.
Result<BackendCounts> ParseServerCounts(std::string_view show_stat, const std::string& backend);

// The counters of a HAProxy on `runtime` (its admin socket, or a fake).
std::unique_ptr<ServerCounters> MakeHaproxyServerCounters(std::unique_ptr<HaproxyRuntime> runtime);

// The counters behind a steering driver, or nullptr when its proxy keeps
// none. A driver that implements ServerCounters itself is used as it is;
// the HAProxy driver names its socket in Name() ("haproxy:PATH"), and its
// counters are read on that socket, so the driver needs no change.
std::unique_ptr<ServerCounters> ServerCountersFor(SteeringDriver& driver);

// A window's difference, per server: `end` minus `start`. A server whose
// counters went down was reset (HAProxy reloaded) within the window: what
// it counted since then, `end`, is the best that is known.
BackendCounts CountsBetween(const BackendCounts& start, const BackendCounts& end);

}  // namespace evt::failover
