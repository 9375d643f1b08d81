#include "tools/outbox/s3_segment_key.h"

#include <chrono>
#include <cstdio>

namespace evt::outbox {
namespace {

std::string Directory(const SegmentPlace& place) {
  std::string dir;
  if (!place.prefix.empty()) dir = place.prefix + "/";
  return dir + place.queue + "/" + place.origin + "/" + UtcDayPath(place.first_ms) + "/";
}

}  // namespace

std::string UtcDayPath(std::int64_t ms) {
  using namespace std::chrono;
  // floor, so a time before 1970 still lands on its own day.
  sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(ms)));
  year_month_day ymd(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d/%02u/%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string SegmentObjectKey(const SegmentPlace& place, std::int64_t seq, const std::string& sha256_hex) {
  char number[32];
  std::snprintf(number, sizeof number, "%0*lld", kSegmentSeqDigits, static_cast<long long>(seq));
  return Directory(place) + number + "-" + sha256_hex.substr(0, kSegmentHashChars) + ".jsonl.zst";
}

std::string ManifestKey(const SegmentPlace& place, const std::string& writer_kiosk) {
  return Directory(place) + writer_kiosk + ".manifest.json";
}

}  // namespace evt::outbox
