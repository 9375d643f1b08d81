// The nginx steering driver: a route's weights as a rendered `upstream`
// block (nginx_upstream.h), tested and reloaded (nginx_reload.h); reduced
// mode as a limits file (nginx_limits.h). doc/design.md §16.
//
//   "driver": {"type": "nginx", "upstream": "checkout",
//              "file": "/etc/nginx/evt/checkout.conf",
//              "servers": {"slice-a": "10.9.0.1:8080", "uplink": "10.9.0.1:8080"},
//              "bind": {"slice-a": "10.0.1.2", "uplink": "10.0.2.2"},
//              "test": ["nginx", "-t"], "reload": ["nginx", "-s", "reload"],
//              "template": "checkout.conf.tmpl", "limits": "/etc/nginx/evt/limits.conf",
//              "timeout": "10s"}
//
// The read-back is the file in force, parsed: nginx open source has no
// runtime API (its upstream state is nginx Plus's), and a file that passed
// `nginx -t` and was reloaded is what the workers run. `nginx -T` would
// show the same text after the reload and is left to the tests, which need
// a running nginx anyway.
//
// `bind` (a class on its own paths, class_paths.h): each member is a path
// with its source address; the member with weight carries the class and
// the file sets $evt_bind_UPSTREAM, for the location's proxy_bind. nginx
// binds per location, not per server, so such a route has one carrier at a
// time.
//
// Weights and admin states share nginx's flags (nginx_upstream.h): weight 0
// and maint are both `down` and read back as weight 0 in maint, so a
// weight above 0 brings a member in maint back (HAProxy keeps it in maint),
// and drain is `backup`, which nginx refuses beside hash, ip_hash and
// random (its own words come back from the test).
//
// nginx -s reload returns once the master has the signal; the new workers
// serve tens of milliseconds later (34 to 91 ms measured on loopback).
//
// Name() is "nginx:" and the limits file, else the upstream file: routes
// on one nginx name the same limits file and are one proxy to reduced mode.
//
// `template`: rendered with {{upstream}} (the block) instead of writing the
// block alone, for a site whose file holds more than the upstream.
#pragma once

#include <memory>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// Config (78) naming spec.where for a missing or mistyped setting, an
// unknown key, a program not found, a template that does not render, a
// bind without a server of the same member.
Result<std::unique_ptr<SteeringDriver>> MakeNginxDriver(const DriverSpec& spec);

}  // namespace evt::failover
