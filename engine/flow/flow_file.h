// Reading a flow file strictly: unknown keys, a step referring to a
// variable nothing defines before it, a bad pointer or regex are all
// Status::Config (exit 78) naming the file, the JSON pointer and what was
// expected:
//   buy.json: /steps/2/capture/order/json: expected a JSON pointer such as
//   "/id" or "/items/0/sku", got "id"
//
//   {"name": "buy", "timeout": "20s",
//    "variables": {"base": "https://shop.example.net"},
//    "secrets": {"api_key": {"env": "SHOP_API_KEY"}},
//    "steps": [
//      {"name": "cart", "method": "POST", "url": "{base}/cart",
//       "headers": {"Authorization": "Bearer {api_key}"},
//       "body": {"sku": "TEE-M", "qty": 1},
//       "expect": {"status": "201", "json": {"/state": {"equals": "open"}},
//                  "max_latency": "800ms"},
//       "capture": {"cart_id": {"json": "/id"}}},
//      {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}",
//       "always": true}]}
#pragma once

#include <string>

#include "common/config_object.h"
#include "common/state_dir.h"
#include "common/status.h"
#include "engine/flow/flow.h"

namespace evt::probe {

// The names every flow knows without defining them: {run}, the number of
// the run counting from 1.
inline constexpr const char* kBuiltinVariables[] = {"run"};

// Reads the flow file at `path`. A missing file is Status::NoInput; JSON
// that does not parse, or a flow that is not valid, Status::Config naming
// the path. Secrets are read now, so a missing one is found before the
// first run.
Result<Flow> ReadFlowFile(const std::string& path, const EnvLookup& env = SystemEnv);

// The same for a parsed document; origin names it in messages. What the
// fuzz target and the unit tests call.
Result<Flow> ParseFlow(const Value& document, const ConfigOrigin& origin);

}  // namespace evt::probe
