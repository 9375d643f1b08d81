// One zone of the system's tz database, read from its TZif file (RFC 8536)
// alone: a tool needs a handful of zones and evt-price starts in milliseconds, and
// Howard Hinnant's date library walks all of /usr/share/zoneinfo on its
// first lookup (and asserts on a malformed file).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/posix_tz.h"

namespace evt {

class TimeZone {
 public:
  // The zone `name` ("Europe/Berlin") from $TZDIR, else /usr/share/zoneinfo.
  // DataErr "\"NAME\" is not a time zone of the tz database (why)" for a
  // name that is not IANA-shaped, a missing file, a directory, or a file
  // that is not well-formed TZif (the why names the file).
  static Result<TimeZone> Load(const std::string& name);
  // The zone from the bytes of a TZif file. DataErr "NAME: what is wrong".
  static Result<TimeZone> Parse(std::string_view bytes, const std::string& name);

  const std::string& name() const { return name_; }
  // The offset from UTC (east positive) in effect at the instant `t`.
  std::chrono::seconds UtcOffset(TimePoint t) const;

 private:
  friend class TzifReader;
  std::string name_;
  std::vector<std::int64_t> transitions_;   // UTC seconds, ascending
  std::vector<std::int32_t> offset_after_;  // offset from each transition on
  std::int32_t offset_before_ = 0;          // time type 0 (RFC 8536 3.2)
  std::optional<PosixTz> footer_;           // after the last transition
};

// The zone `name`, loaded once per process and $TZDIR: promotions share a
// handful of zones. The pointer stays valid until the process ends.
Result<const TimeZone*> CachedTimeZone(const std::string& name);

}  // namespace evt
