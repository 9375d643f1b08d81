// An s3 destination of the `outbox` config (doc/design.md §15.6): a queue's records
// sealed into zstd segments and written to an S3-compatible store. The
// tool reads the destination's name and type; this reads the rest strictly:
//
//   "archive": {"type": "s3", "endpoint": "http://127.0.0.1:8080", "region": "us-east-1",
//               "bucket": "telemetry", "prefix": "lyon",
//               "access_key": {"file": "s3.key"}, "secret_key": {"env": "EVT_S3_SECRET"},
//               "segment": {"max_bytes": 8388608, "max_age": "60s"},
//               "multipart_over": 16777216, "part_bytes": 8388608, "zstd_level": 3,
//               "retry": {"initial": "1s", "max": "5m"},
//               "when": {"active": ["uplink"], "max_shed_level": 1}}
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "tools/outbox/gate.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/outbox_segment_store.h"
#include "tools/outbox/retry_policy.h"

namespace evt::outbox {

inline constexpr std::int64_t kMinPartBytes = 5 << 20;  // S3's least part but the last

struct S3Destination {
  std::string name;
  std::string endpoint;  // http(s)://host[:port], path-style requests
  std::string region = "us-east-1";
  std::string bucket;
  std::string prefix;    // default: the site's name (the kiosk's when none is given)
  TokenSpec access_key;  // secrets, read when a run needs them
  TokenSpec secret_key;
  SealRule segment;
  std::int64_t multipart_over = 16 << 20;  // compressed bytes above which a segment goes in parts
  std::int64_t part_bytes = 8 << 20;
  int zstd_level = 3;
  RetrySpec retry;
  GateSpec when;
};

// Reads `spec.settings` ("type" included, already checked by the tool).
// `site` is the prefix when the config gives none. Config errors (78) name
// the file and pointer of the key.
Result<S3Destination> ParseS3Destination(const DestinationSpec& spec, const std::string& config_dir,
                                         const std::string& site);

}  // namespace evt::outbox
