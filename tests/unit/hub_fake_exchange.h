// An in-memory stand-in for the PostgreSQL hub, for the adapters' unit
// tests (doc/design.md §18): rows keyed by id where the first push wins
// (INSERT … ON CONFLICT DO NOTHING), each box with a push cursor (its
// local seq) and a pull cursor (the hub's arrival order). Pages are small
// so paging is exercised. The real engine is common/hub/hub_sync.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/hub/hub_set.h"

namespace evt::testing {

class FakeHubExchange {
 public:
  struct Box {
    hub::HubSetAdapter* set = nullptr;
    std::int64_t pushed = 0;  // local seq
    std::size_t pulled = 0;   // rows of the hub merged
  };

  // Pushes what the box has after its cursor, then merges what the hub has
  // after its pull cursor; a failed merge leaves the pull cursor where it
  // was, as the engine must.
  Result<hub::HubMergeCounts> Sync(Box& box, std::size_t page = 3) {
    while (true) {
      Result<hub::HubExport> out = box.set->ExportSince(box.pushed, page);
      if (!out.ok()) return out.status();
      if (out->elements.empty()) break;
      for (hub::HubElement& e : out->elements) Insert(std::move(e));
      box.pushed = out->last_seq;
    }
    hub::HubMergeCounts total;
    while (box.pulled < rows_.size()) {
      std::size_t end = std::min(rows_.size(), box.pulled + page);
      std::vector<hub::HubElement> pulled(rows_.begin() + static_cast<std::ptrdiff_t>(box.pulled),
                                          rows_.begin() + static_cast<std::ptrdiff_t>(end));
      Result<hub::HubMergeCounts> merged = box.set->MergePulled(pulled);
      if (!merged.ok()) return merged.status();
      total.added += merged->added;
      total.duplicate += merged->duplicate;
      total.conflict += merged->conflict;
      total.quarantined += merged->quarantined;
      box.pulled = end;
    }
    return total;
  }

  // A row written straight to the hub (a poisoned one, in tests).
  void Insert(hub::HubElement e) {
    if (index_.count(e.id)) return;
    index_[e.id] = rows_.size();
    rows_.push_back(std::move(e));
  }

  const std::vector<hub::HubElement>& rows() const { return rows_; }

 private:
  std::vector<hub::HubElement> rows_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace evt::testing
