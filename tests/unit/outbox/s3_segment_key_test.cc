#include <catch2/catch.hpp>

#include "tools/outbox/s3_segment_key.h"

namespace evt::outbox {
namespace {

// 2027-01-15T23:59:59.999Z and the millisecond after it.
constexpr std::int64_t kLastMsOfDay = 1'800'057'599'999;

TEST_CASE("the key's date is the first record's UTC day", "[outbox][s3]") {
  CHECK(UtcDayPath(kLastMsOfDay) == "2027/01/15");
  CHECK(UtcDayPath(kLastMsOfDay + 1) == "2027/01/16");
  CHECK(UtcDayPath(0) == "1970/01/01");
  CHECK(UtcDayPath(-1) == "1969/12/31");
}

TEST_CASE("segment and manifest keys", "[outbox][s3]") {
  SegmentPlace place{"lyon", "telemetry", "kiosk-b", kLastMsOfDay};
  std::string sha(64, 'f');
  sha.replace(0, 4, "abcd");
  CHECK(SegmentObjectKey(place, 42, sha) == "lyon/telemetry/kiosk-b/2027/01/15/000000000042-abcdffffffffffff.jsonl.zst");
  CHECK(ManifestKey(place, "kiosk-a") == "lyon/telemetry/kiosk-b/2027/01/15/kiosk-a.manifest.json");
  place.prefix.clear();
  CHECK(ManifestKey(place, "kiosk-a") == "telemetry/kiosk-b/2027/01/15/kiosk-a.manifest.json");
}

}  // namespace
}  // namespace evt::outbox
