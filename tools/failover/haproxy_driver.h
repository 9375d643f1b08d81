// The HAProxy steering driver: weights, admin states and reduced-mode
// limits applied through HAProxy's runtime API on its admin socket, each
// change read back before it is reported (doc/design.md §16). A change is
// also made to survive a reload: the config template is re-rendered with
// the weights and `show servers state` is dumped to the state file the
// config loads (`server-state-file`), because a reload reads the config
// and the state file, not the running process.
//
// The `driver` object it reads (DriverSpec.settings):
//   {"type": "haproxy", "socket": "/run/evt/haproxy.sock", "backend": "reads",
//    "state_file": "/var/lib/haproxy/server-state",      optional
//    "template": "haproxy.cfg.tmpl", "write": "/etc/haproxy/haproxy.cfg",  optional, together
//    "reload": ["systemctl", "reload", "haproxy"],       optional, needs write
//    "map": "/etc/haproxy/evt-limits.map",               optional: reduced mode
//    "timeout": "2s"}                                    optional, per command
// Relative paths are read from DriverSpec.config_dir.
#pragma once

#include <memory>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// Config (78) "event.json: /failover/routes/0/driver: ..." for a missing
// socket or backend, an unknown key, a template without write. Nothing is
// contacted: the socket is opened by each call.
Result<std::unique_ptr<SteeringDriver>> MakeHaproxyDriver(const DriverSpec& spec);

}  // namespace evt::failover
