// Where a segment and a writer's manifest live in the bucket (doc/design.md
// §15.6): PREFIX/QUEUE/ORIGIN/YYYY/MM/DD/SEQ-HASH.jsonl.zst and
// PREFIX/QUEUE/ORIGIN/YYYY/MM/DD/KIOSK.manifest.json. The date is the UTC
// day of the segment's first record, never the upload's, and the hash a
// prefix of the compressed bytes' sha256, so a retried upload of a sealed
// segment rewrites the same object instead of adding a duplicate.
#pragma once

#include <cstdint>
#include <string>

namespace evt::outbox {

inline constexpr int kSegmentSeqDigits = 12;
inline constexpr std::size_t kSegmentHashChars = 16;

struct SegmentPlace {
  std::string prefix;  // the destination's prefix (the site name by default)
  std::string queue;
  std::string origin;  // the kiosk that captured the segment's records
  std::int64_t first_ms = 0;  // the first record's capture, Unix ms
};

// "YYYY/MM/DD" of `ms` in UTC.
std::string UtcDayPath(std::int64_t ms);

// REQUIRES: sha256_hex has at least kSegmentHashChars hex digits.
std::string SegmentObjectKey(const SegmentPlace& place, std::int64_t seq, const std::string& sha256_hex);
std::string ManifestKey(const SegmentPlace& place, const std::string& writer_kiosk);

}  // namespace evt::outbox
