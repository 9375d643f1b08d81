// A gate's sync set (scans and revocations) as the hub sees it
// (common/hub/hub_set.h, doc/design.md §18). A hub row holds the record
// `scans export` writes for the element, without what is only true on one
// box ("ts", "seq"), in canonical JSON, so every box pushes the same bytes
// for one element. What is pulled takes exactly `scans merge`'s path
// (ScanMerge): token.max_drift's bound and quarantine, the scan clock, and
// the double admissions the merge revealed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/hub/hub_set.h"
#include "tools/token/admission.h"
#include "tools/token/scan_store.h"

namespace evt::token {

// A ticket whose double admissions a pull changed, and its admission now:
// what `scans merge` prints as a double_admission record.
struct RevealedDouble {
  std::string jti;
  Admission admission;
};

// The record a hub row holds for `element`. DataErr when it cannot be
// written as JSON (it could not be exported either).
Result<std::string> SyncElementHubRecord(const SyncElement& element);

class ScanHubAdapter final : public hub::HubSetAdapter {
 public:
  static constexpr std::string_view kSetName = "token.sync";

  // REQUIRES: store and clock outlive the adapter.
  ScanHubAdapter(ScanStore& store, const Clock& clock, std::chrono::milliseconds max_drift, ReentryPolicy policy)
      : store_(store), clock_(clock), max_drift_(max_drift), policy_(policy) {}

  std::string_view SetName() const override { return kSetName; }
  Result<hub::HubExport> ExportSince(std::int64_t since, std::size_t limit) override;
  // One ScanMerge for the page: all of it or none. A record that does not
  // read as a scan.event or revocation, or whose id is not its row's, is
  // DataErr "token.sync: id "…": what", and nothing of the page is merged.
  Result<hub::HubMergeCounts> MergePulled(const std::vector<hub::HubElement>& pulled) override;

  // The double admissions the pulls since the last call revealed, in the
  // order they were found (by jti within a pull).
  std::vector<RevealedDouble> TakeRevealed();

 private:
  ScanStore& store_;
  const Clock& clock_;
  std::chrono::milliseconds max_drift_;
  ReentryPolicy policy_;
  std::vector<RevealedDouble> revealed_;
};

}  // namespace evt::token
