// The TZif reader (time_zone.h) on arbitrary bytes: a file is a
// zone or a DataErr, never a crash, and every instant has an offset within
// a day of UTC.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "common/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::TimeZone> zone = evt::TimeZone::Parse(bytes, "Fuzz/Zone");
  if (!zone.ok()) {
    if (zone.status().code() != evt::ExitCode::kDataErr) std::abort();
    return 0;
  }
  using std::chrono::milliseconds;
  using Rep = milliseconds::rep;
  const Rep instants[] = {std::numeric_limits<Rep>::min(), -4'102'444'800'000, -1, 0, 1'795'000'000'000,
                          3'786'912'000'000, 7'258'118'400'000, std::numeric_limits<Rep>::max()};
  for (Rep ms : instants) {
    std::chrono::seconds offset = zone->UtcOffset(evt::TimePoint{milliseconds{ms}});
    if (offset < std::chrono::hours{-25} || offset > std::chrono::hours{26}) std::abort();
  }
  return 0;
}
