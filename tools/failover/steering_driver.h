// Where a route's weights take effect: a proxy the site already runs
// (HAProxy through its runtime API, nginx through a rendered upstream),
// driven read, change, read back, so nothing is claimed that the proxy did
// not confirm (doc/design.md §16).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace evt::failover {

enum class AdminState { kReady, kDrain, kMaint };

struct MemberWeight {
  std::string member;  // the server's name in the proxy's backend/upstream
  int weight = 0;      // after gcd reduction; 0 takes it out of rotation
};

struct MemberState {
  std::string member;
  int weight = 0;
  AdminState admin = AdminState::kReady;
  bool up = true;      // the proxy's own view of the server, where it has one
};

struct BackendState {
  std::string backend;
  std::string algorithm;  // "roundrobin", "static-rr", ... as the proxy names it
  std::vector<MemberState> members;
};

// What reduced service mode asks of one traffic class on one proxy.
struct ClassLimit {
  std::string route;             // the class (a route's name)
  bool deny = false;             // refuse it (HTTP 429) instead of limiting it
  double rate_per_second = 0;    // when not denied: requests per second allowed
  int burst = 0;
};

// The `driver` object of a route, read by the driver type's own parser.
struct DriverSpec {
  std::string type;    // "haproxy" or "nginx"
  Value settings;      // the whole object
  std::string where;   // "event.json: /failover/routes/0/driver"
  std::string config_dir;
};

class SteeringDriver {
 public:
  virtual ~SteeringDriver() = default;
  // "haproxy:/run/evt/haproxy.sock", for records and errors.
  virtual std::string Name() const = 0;
  virtual Result<BackendState> Read(const std::string& backend) = 0;
  // Applies, then reads back. Any failure leaves what Read showed before
  // (restored when a part had been applied) and the Status carries the
  // proxy's own words verbatim; the result is the state read back.
  virtual Result<BackendState> ApplyWeights(const std::string& backend,
                                            const std::vector<MemberWeight>& weights) = 0;
  virtual Result<BackendState> SetAdmin(const std::string& backend, const std::string& member,
                                        AdminState state) = 0;
  // Returns what was there before, as a token the caller persists, so
  // LeaveReduced restores exactly that even after a restart.
  virtual Result<std::string> EnterReduced(const std::vector<ClassLimit>& limits) = 0;
  virtual Status LeaveReduced(const std::string& restore_token) = 0;
};

}  // namespace evt::failover
