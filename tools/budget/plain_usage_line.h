// A `usage` record as producers write it, read straight from its line
// without building a Value: an ingest of millions of usage records spent
// more time building and freeing Values than SQLite spent storing rows.
// Only the plainest form is read here: the seven members kind ("usage"),
// v (1), ts, id, component, resource and qty (an integer of at most 12
// digits), once each in any order, strings of printable ASCII without
// escapes. Anything else (another kind, a "synthetic" tag, a fraction, an
// escape, a repeat, a syntax error) is declined and left to the Value
// path, which takes it or explains what is wrong: reading a line here
// never changes what a record means.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace evt::budget {

struct PlainUsage {
  std::string_view ts;  // not yet checked as a time
  std::string_view id;
  std::string_view component;
  std::string_view resource;
  std::int64_t qty = 0;  // whole units, 0 to 999999999999
};

// The usage `line` says, with views into `line`; nullopt when it is not a
// plain usage record.
std::optional<PlainUsage> ReadPlainUsageLine(std::string_view line);

}  // namespace evt::budget
