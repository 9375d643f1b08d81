// `scans merge` in constant memory (doc/design.md §3.8): an
// export is merged a batch of elements at a time, every batch in the one
// write transaction the merge holds, so an input refused whole leaves the
// set as it was, and memory holds one batch however long the export.
// What the merge revealed is read back from the set at the end instead of
// being kept from the start: a jti can only gain a double admission by
// gaining a scan, every scan this merge added has a seq past the set's last
// one before it, and the set keeps the element it holds on a conflict, so
// "before" is the jti's scans up to that seq.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tools/token/admission.h"
#include "tools/token/scan_store.h"
#include "tools/token/sync_records.h"

namespace evt::token {

struct ScanMergeTotals {
  std::size_t elements = 0;     // offered: scans and revocations
  std::size_t revocations = 0;  // of the elements offered
  std::size_t added = 0;        // quarantined ones included
  std::size_t known = 0;        // same id, same content
  std::size_t conflicting = 0;  // same id, other content: kept what was here
  std::size_t quarantined = 0;
};

// A jti whose double admissions the merge changed, and its admission now.
using RevealedDoubles = std::function<Status(const std::string& jti, const Admission& now)>;

class ScanMerge {
 public:
  // How many elements Add is given at a time by the command: enough to
  // amortise a batch, few enough to be a few megabytes.
  static constexpr std::size_t kBatchElements = 4096;

  // Opens the merge's write transaction on `store`.
  // REQUIRES: no batch is open on it; it outlives the merge.
  static Result<ScanMerge> Begin(ScanStore& store, const DriftLimit& drift);
  ScanMerge(ScanMerge&& other) noexcept
      : store_(std::exchange(other.store_, nullptr)),
        drift_(other.drift_),
        last_seq_before_(other.last_seq_before_),
        revocations_(std::move(other.revocations_)),
        totals_(other.totals_) {}
  ScanMerge& operator=(ScanMerge&&) = delete;
  // A merge dropped before Finish committed (a bad record refused the
  // export whole, an error) rolls back: the set is as it was.
  ~ScanMerge() {
    if (store_ != nullptr) store_->RollbackBatch();
  }

  // Merges the batch's scans now. Its revocations are merged at Finish,
  // after every scan, the order the merge of a whole export had (which of a
  // scan and a revocation under one id wins depends on it).
  Status Add(SyncBatch batch);

  // Merges the revocations, calls `revealed` for each jti (in byte order)
  // whose double admissions under `policy` differ from before the merge and
  // are not empty, then commits. An error from `revealed` rolls back.
  Result<ScanMergeTotals> Finish(ReentryPolicy policy, const RevealedDoubles& revealed);

 private:
  ScanMerge(ScanStore& store, const DriftLimit& drift, std::int64_t last_seq_before)
      : store_(&store), drift_(drift), last_seq_before_(last_seq_before) {}
  Status MergeElements(const std::vector<ScanEvent>& scans, const std::vector<Revocation>& revocations);
  Status CallRevealed(ReentryPolicy policy, const RevealedDoubles& revealed);

  ScanStore* store_;  // null once moved from or committed
  DriftLimit drift_;
  std::int64_t last_seq_before_;
  std::vector<Revocation> revocations_;  // few: a gate revokes a ticket now and then
  ScanMergeTotals totals_;
};

}  // namespace evt::token
