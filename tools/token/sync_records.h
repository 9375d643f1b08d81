// Reading `scans merge` input: scan.event and revocation records (what
// `scans export` writes) into the elements a ScanStore merges.
#pragma once

#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/token/scan_event.h"

namespace evt::token {

struct SyncBatch {
  std::vector<ScanEvent> scans;
  std::vector<Revocation> revocations;

  std::size_t size() const { return scans.size() + revocations.size(); }
};

// Adds the element `record` holds to `batch`: true when it was one, false
// for a record of another kind (the caller tallies it). DataErr naming the
// field when a scan.event or revocation record is bad.
// REQUIRES: record is an object.
Result<bool> AddSyncRecord(const Value& record, SyncBatch& batch);

}  // namespace evt::token
