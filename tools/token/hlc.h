// A hybrid logical clock (Kulkarni et al., 2014): wall milliseconds plus a
// logical counter. It never goes backwards at one gate, even when the wall
// clock does, and after a gate merged another's scans its next scan orders
// after all of them. Gates order scans by (wall, logical, gate, id), a
// total order every gate computes alike.
#pragma once

#include <compare>
#include <cstdint>

namespace evt::token {

struct Hlc {
  std::int64_t wall = 0;     // Unix milliseconds
  std::int64_t logical = 0;  // orders events within one wall millisecond

  friend auto operator<=>(const Hlc&, const Hlc&) = default;
};

// The timestamp of a local event at wall time `now_ms`, after `last`.
Hlc HlcTick(Hlc last, std::int64_t now_ms);

// The clock after seeing a remote timestamp: never behind either.
Hlc HlcObserve(Hlc last, Hlc remote);

}  // namespace evt::token
