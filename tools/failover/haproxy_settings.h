// The `driver` object of a route steered through HAProxy, read strictly
// (haproxy_driver.h shows it whole). Config errors name the route's driver
// by its JSON pointer: "event.json: /failover/routes/0/driver/socket: ...".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct HaproxySettings {
  std::string socket;                     // the admin socket (`stats socket ... level admin`)
  std::string backend;                    // the route's backend
  std::optional<std::string> state_file;  // `server-state-file`: dumped after each change
  std::optional<std::string> config_template;  // re-rendered after each change ...
  std::optional<std::string> write;            // ... to this file
  std::vector<std::string> reload;        // accepted for the site's own reloads; see haproxy_driver.h
  std::optional<std::string> map;         // the reduced-mode map the config's ACLs read
  std::chrono::milliseconds timeout{2000};  // per runtime API command
};

Result<HaproxySettings> ReadHaproxySettings(const DriverSpec& spec);

}  // namespace evt::failover
