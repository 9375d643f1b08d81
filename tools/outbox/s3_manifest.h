// A writer's manifest of one day's objects for a queue and origin
// (PREFIX/QUEUE/ORIGIN/YYYY/MM/DD/KIOSK.manifest.json, s3_segment_key.h):
// the store has no conditional writes (Swift answers 501 to If-None-Match),
// so two kiosks never share one object they both rewrite; each writer owns
// its manifest and rewrites it whole after each object it writes.
//
//   {"kind": "outbox.manifest", "v": 1, "writer": "kiosk-a", "queue": "telemetry",
//    "origin": "kiosk-b", "date": "2027-01-15",
//    "objects": [{"key": "...", "records": 812, "raw_bytes": 90211,
//                 "compressed_bytes": 10233, "sha256": "..."}],
//    "records": 812, "raw_bytes": 90211, "compressed_bytes": 10233}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/outbox/outbox_segment_store.h"

namespace evt::outbox {

struct ManifestObject {
  std::string key;
  std::int64_t records = 0;
  std::int64_t raw_bytes = 0;
  std::int64_t compressed_bytes = 0;
  std::string sha256_hex;
};

struct Manifest {
  std::string writer;  // this kiosk
  std::string queue;
  std::string origin;
  std::string date;    // YYYY-MM-DD, UTC
  std::vector<ManifestObject> objects;  // in segment order
};

// The manifest of `segments` (uploaded, one place and day, as
// SegmentStore::UploadedOnDay gives them). REQUIRES: not empty.
Manifest ManifestOf(const std::string& writer, const std::vector<Segment>& segments);
// Compact JSON with a final newline; the same manifest gives the same bytes.
Result<std::string> RenderManifest(const Manifest& manifest);
// The other way, for readers and tests: DataErr naming what is wrong.
Result<Manifest> ParseManifest(std::string_view json);

}  // namespace evt::outbox
