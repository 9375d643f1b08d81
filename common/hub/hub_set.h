// The contract between the hub sync engine (common/hub/) and the tools
// whose grow-only sets it carries (doc/design.md §18, "The hub"). The hub
// is the same G-Set the export files are: a box pushes what the hub lacks
// (INSERT … ON CONFLICT DO NOTHING on the element id) and merges what it
// pulls exactly as `… merge` merges an export file, so the drift bound,
// the quarantine and every report come out as they do with files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::hub {

// One element on its way through the hub: the record the tool's export
// writes for it, so a row of the hub and a line of an export file are the
// same bytes.
struct HubElement {
  std::string id;         // the set's element id
  std::string record;     // one export record, canonical JSON (RFC 8785), no newline
  std::int64_t stamp_ms;  // the wall time the element claims, for the drift bound
};

// A page of a box's own elements, in local seq order.
struct HubExport {
  std::vector<HubElement> elements;
  std::int64_t last_seq = 0;  // the seq of the last element given (the push cursor after it)
};

// What merging a pulled page did to the box's set: the counts of
// GsetCounts (common/grow_only_set.h), which the sync report shows.
struct HubMergeCounts {
  std::size_t added = 0;
  std::size_t duplicate = 0;
  std::size_t conflict = 0;
  std::size_t quarantined = 0;
};

// One grow-only set of one tool, as the sync engine sees it. The engine
// keeps the cursors; the adapter only reads and merges.
class HubSetAdapter {
 public:
  virtual ~HubSetAdapter() = default;
  // The set's name in the hub: "token.sync", "price.redemptions",
  // "budget.usage". Rows of different sets never meet.
  virtual std::string_view SetName() const = 0;
  // This box's elements with a local seq after `since` (added here or
  // merged from anywhere), at most `limit` of them.
  virtual Result<HubExport> ExportSince(std::int64_t since, std::size_t limit) = 0;
  // Merges records pulled from the hub in one transaction, as the tool's
  // `merge` command merges the same records from a file. A record the
  // tool cannot read is Status::DataErr naming the set and the id (the
  // hub holds only what some box's export wrote, so that is poison).
  virtual Result<HubMergeCounts> MergePulled(const std::vector<HubElement>& pulled) = 0;
};

}  // namespace evt::hub
