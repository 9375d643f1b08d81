#include "tools/token/scan_merge.h"

#include <utility>

namespace evt::token {

Result<ScanMerge> ScanMerge::Begin(ScanStore& store, const DriftLimit& drift) {
  EVT_RETURN_IF_ERROR(store.BeginBatch());
  Result<std::int64_t> last_seq = store.LastSeq();
  if (!last_seq.ok()) return last_seq.status();
  return ScanMerge(store, drift, *last_seq);
}

Status ScanMerge::Add(SyncBatch batch) {
  totals_.elements += batch.size();
  totals_.revocations += batch.revocations.size();
  for (Revocation& r : batch.revocations) revocations_.push_back(std::move(r));
  return MergeElements(batch.scans, {});
}

Status ScanMerge::MergeElements(const std::vector<ScanEvent>& scans, const std::vector<Revocation>& revocations) {
  if (scans.empty() && revocations.empty()) return Status::Ok();
  Result<MergeCounts> counts = store_->Merge(scans, revocations, drift_);
  if (!counts.ok()) return counts.status();
  totals_.added += counts->added;
  totals_.known += counts->known;
  totals_.conflicting += counts->conflicting;
  totals_.quarantined += counts->quarantined;
  return Status::Ok();
}

Status ScanMerge::CallRevealed(ReentryPolicy policy, const RevealedDoubles& revealed) {
  return store_->ForEachJtiScannedAfter(last_seq_before_, [&](const std::string& jti) -> Status {
    Result<std::vector<ScanEvent>> before = store_->ScansOf(jti, last_seq_before_);
    if (!before.ok()) return before.status();
    Result<std::vector<ScanEvent>> now = store_->ScansOf(jti);
    if (!now.ok()) return now.status();
    Admission after = SummarizeScans(std::move(*now), policy);
    if (after.doubles.empty() || after.doubles == SummarizeScans(std::move(*before), policy).doubles) {
      return Status::Ok();
    }
    return revealed(jti, after);
  });
}

Result<ScanMergeTotals> ScanMerge::Finish(ReentryPolicy policy, const RevealedDoubles& revealed) {
  EVT_RETURN_IF_ERROR(MergeElements({}, revocations_));
  revocations_.clear();
  EVT_RETURN_IF_ERROR(CallRevealed(policy, revealed));
  EVT_RETURN_IF_ERROR(std::exchange(store_, nullptr)->CommitBatch());
  return totals_;
}

}  // namespace evt::token
