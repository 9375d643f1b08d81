// A hybrid logical clock (Kulkarni et al., 2014): wall milliseconds plus a
// logical counter. It never goes backwards at one gate, even when the wall
// clock does, and after a gate merged another's scans its next scan orders
// after all of them. Gates order scans by (wall, logical, gate, id), a
// total order every gate computes alike.
//
// Both parts stay within 0..kMaxHlcPart, what every gate's importer takes
// (a JSON integer every reader holds exactly), so a gate never stamps an
// element that another gate, or itself, would refuse.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>

namespace evt::token {

// 2^53.
inline constexpr std::int64_t kMaxHlcPart = 9007199254740992;

struct Hlc {
  std::int64_t wall = 0;     // Unix milliseconds
  std::int64_t logical = 0;  // orders events within one wall millisecond

  friend auto operator<=>(const Hlc&, const Hlc&) = default;
};

// The timestamp of a local event at wall time `now_ms`, after `last`: when
// the counter is at its maximum, the next wall millisecond. nullopt when
// `last` is at the end of both (only a clock that observed a poisoned
// element gets there; rebasing it is the way out).
// REQUIRES: both parts of `last` and now_ms are within 0..kMaxHlcPart.
std::optional<Hlc> HlcTick(Hlc last, std::int64_t now_ms);

// The clock after seeing a remote timestamp: never behind either.
Hlc HlcObserve(Hlc last, Hlc remote);

}  // namespace evt::token
