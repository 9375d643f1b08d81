// The `load` section of the config: which hosts besides this machine's own
// a load may be sent to, and how a JSON access log's fields are named.
//
//   "load": {
//     "targets": ["staging.shop.example.net", "10.20.0.5"],
//     "replay": {"fields": {"time": "msec", "method": "request_method",
//                           "path": "request_uri", "request_time": "request_time",
//                           "status": "status"}}}
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/status.h"

namespace evt::load {

struct LoadSection {
  std::string where;  // "event.json: /load/targets", for the refusal message; "" without a config
  std::vector<std::string> targets;  // host names or addresses, lowercase
  // Role ("time", "method", "path", "request_time", "status") -> the JSON
  // log's field name; empty when not configured (the replay's defaults apply).
  std::map<std::string, std::string> replay_fields;
};

// Reads the section strictly (unknown keys are config errors, exit 78).
Result<LoadSection> ReadLoadSection(const Config& config);

// The config named by --config or the environment when there is one;
// without any config file, an empty LoadSection (only this machine's own
// addresses may be loaded).
Result<LoadSection> LoadSectionFor(const std::string& config_flag);

}  // namespace evt::load
