// What `state prune` removed from one table of a tool's state, as the
// tool's store reports it.
#pragma once

#include <cstdint>
#include <string>

namespace evt {

struct PrunedRows {
  std::string what;  // "runs", "usage rows", ...
  std::int64_t rows = 0;
};

}  // namespace evt
