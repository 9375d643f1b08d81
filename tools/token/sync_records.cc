#include "tools/token/sync_records.h"

namespace evt::token {

Result<bool> AddSyncRecord(const Value& record, SyncBatch& batch) {
  const Value* kind = record.find("kind");
  if (kind == nullptr || !kind->is_string()) return false;
  if (kind->as_string() == "scan.event") {
    Result<ScanEvent> e = ScanEventFromRecord(record);
    if (!e.ok()) return e.status();
    batch.scans.push_back(std::move(*e));
    return true;
  }
  if (kind->as_string() == "revocation") {
    Result<Revocation> r = RevocationFromRecord(record);
    if (!r.ok()) return r.status();
    batch.revocations.push_back(std::move(*r));
    return true;
  }
  return false;
}

}  // namespace evt::token
