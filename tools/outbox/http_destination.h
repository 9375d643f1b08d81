// An http destination of the `outbox` config: the shop's order API. The
// tool reads the destination's name and type; this reads the rest of its
// object strictly (doc/design.md §5.2), so its keys are checked in one place:
//
//   "shop": {"type": "http", "url": "https://shop.example/api/orders",
//            "token": {"file": "shop.token"}, "template": "templates/shop-order.json",
//            "idempotency": true, "rate_per_s": 20, "timeout": "10s",
//            "ramp": {"start": 0.1, "every": "10s", "max_error_ratio": 0.05},
//            "retry": {"initial": "1s", "max": "5m"},
//            "when": {"active": ["uplink"], "max_shed_level": 1}}
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"
#include "tools/outbox/body_template.h"
#include "tools/outbox/gate.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/ramp.h"
#include "tools/outbox/retry_policy.h"

namespace evt::outbox {

struct HttpDestination {
  std::string name;
  std::string url;                   // http:// or https://
  std::optional<TokenSpec> token;    // read when a run needs it
  std::optional<BodyTemplate> body;  // none: the record is sent as it is
  // Whether the shop commits an Idempotency-Key once. Only then may a kiosk
  // deliver what another captured before that one has been silent for
  // takeover_after (doc/design.md §15.4).
  bool idempotency = false;
  double rate_per_s = 10;
  Duration timeout{10000};
  RampSpec ramp;
  RetrySpec retry;
  GateSpec when;
};

// Reads `spec.settings` ("type" included, already checked by the tool).
// Relative paths (template, token file) resolve against `config_dir`. The
// template is loaded and checked here, so `config check` finds a broken
// one. Config errors (78) name the file and pointer of the key.
Result<HttpDestination> ParseHttpDestination(const DestinationSpec& spec, const std::string& config_dir);

// Shared with the other destination types' parsers (s3_destination.h):
// the file and JSON pointer of DestinationSpec::where, and the "retry" and
// "when" objects, read the same way for every type.
std::pair<std::string, std::string> FileAndPointer(const std::string& where);
Result<RetrySpec> ReadRetry(const ConfigObject& o);
Result<GateSpec> ReadWhen(const ConfigObject& o);

}  // namespace evt::outbox
