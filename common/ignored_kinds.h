// The tally behind doc/design.md §3.5, "a tool that reads records takes the kinds
// it understands and says on stderr, once at the end, how many it ignored
// and of which kinds".
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/value.h"

namespace evt {

class IgnoredKinds {
 public:
  // Records without a string "kind" are counted under this name.
  static constexpr std::string_view kNoKind = "(no kind)";
  // Distinct kinds beyond kMaxKinds are counted together under this name,
  // so a stream of made-up kinds cannot grow the tally without bound.
  static constexpr std::string_view kOtherKinds = "(other kinds)";
  static constexpr std::size_t kMaxKinds = 64;

  void Note(std::string_view kind);
  // Notes the record's "kind" when it is a string, else kNoKind.
  void NoteRecord(const Value& record);

  std::size_t total() const { return total_; }

  // "ignored 12 records: 10 flow, 2 scan": most frequent first, ties by
  // name. Kinds that are not plain words ([A-Za-z0-9._-]+) are shown as
  // JSON strings so that no control character reaches the terminal.
  // Empty when nothing was ignored.
  std::string Summary() const;

 private:
  std::map<std::string, std::size_t, std::less<>> counts_;
  std::size_t total_ = 0;
};

}  // namespace evt
