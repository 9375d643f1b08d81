// Reduced service mode on HAProxy: per-class limits kept in a runtime map
// (`show map`, `set map`, `add map`, `del map`) that the site's config
// reads in its ACLs, so entering and leaving the mode needs no reload:
//
//   http-request set-var(txn.class) str(reads) if { path_beg /reads }
//   http-request deny deny_status 429 if { var(txn.class),map(/etc/haproxy/evt-limits.map) -m str deny }
//   http-request track-sc0 var(txn.class) table class_rates
//   http-request set-var(txn.limit) var(txn.class),map(/etc/haproxy/evt-limits.map)
//   http-request deny deny_status 429 if { var(txn.limit) -m int gt 0 } { sc_http_req_rate(0),sub(txn.limit) gt 0 }
//   backend class_rates
//     stick-table type string size 64 expire 10s store http_req_rate(1s)
//
// A class's entry is "deny", or the requests it may make per second: its
// rate rounded up plus its burst, as the 1 s window of http_req_rate counts
// them (doc/design.md §16).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/failover/haproxy_socket.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

using MapEntries = std::map<std::string, std::string>;

// "deny", or "30" for 20/s with a burst of 10.
std::string LimitEntry(const ClassLimit& limit);

Result<MapEntries> ReadLimitsMap(HaproxyRuntime& runtime, const std::string& map);

// Moves the runtime map from `from` (what it holds now) to `to` with the
// fewest commands: del what `to` lacks, set what differs, add what is new.
// Stops at the first refusal, HAProxy's text in the Status.
Status ChangeLimitsMap(HaproxyRuntime& runtime, const std::string& map, const MapEntries& from, const MapEntries& to);

// The map's contents as a file ("key value" lines): written beside the
// runtime change so a reload or restart loads the same entries.
std::string MapFileText(const MapEntries& entries);

// What leaving reduced mode puts back: the runtime map's entries, and the
// map file's bytes (comments and order included) when there was a file.
struct MapRestorePoint {
  MapEntries entries;
  std::optional<std::string> file;
};

// The restore token of EnterReduced: {"map": path, "entries": {...},
// "file": bytes or null}. DataErr when the file is not UTF-8 (JSON cannot
// carry it).
Result<std::string> EncodeRestoreToken(const std::string& map, const MapRestorePoint& point);
// DataErr when the token is not one EncodeRestoreToken wrote, or names
// another map.
Result<MapRestorePoint> DecodeRestoreToken(const std::string& token, const std::string& map);

}  // namespace evt::failover
