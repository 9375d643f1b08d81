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
//
// The template sees every server of every backend as "{{BACKEND/SERVER.weight}}"
// ("{{reads/cache.weight}}"), read from HAProxy after the change, so one
// template can serve several routes. `reload` is checked but never run by
// the driver: the runtime API has already applied the change, and a reload
// would restart health checks and empty the stick tables reduced mode's
// rates count in; it is there for the site's own reloads, which the state
// file and the rendered config make safe.
//
// Failures: the socket's exit codes (haproxy_socket.h: 69 missing or
// refused, 78 not a socket or permission denied, 75 timeout); 65 when
// HAProxy refuses a command (unknown backend or server, a weight out of
// 0..256, a static-algorithm backend), with HAProxy's text verbatim, after
// whatever had been applied is put back and read back; 74 when the state
// file or config cannot be written (the runtime change is put back too, so
// nothing is claimed that a reload would undo).
#pragma once

#include <memory>

#include "common/status.h"
#include "tools/failover/haproxy_settings.h"
#include "tools/failover/haproxy_socket.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// Config (78) "event.json: /failover/routes/0/driver: ..." for a missing
// socket or backend, an unknown key, a template without write. Nothing is
// contacted: the socket is opened by each call.
Result<std::unique_ptr<SteeringDriver>> MakeHaproxyDriver(const DriverSpec& spec);

// The same driver over any runtime (a fake HAProxy in the unit tests).
std::unique_ptr<SteeringDriver> MakeHaproxyDriverOn(HaproxySettings settings, std::unique_ptr<HaproxyRuntime> runtime);

}  // namespace evt::failover
