// A gate's scan set in the token database, behind the operations the scan
// commands need: the admission rules and the gate's clock over the
// grow-only set of sync_set.h, which holds the merge, export and quarantine
// rules. Its SQL is in scan_store.cc and sync_set.cc. The connection runs
// with synchronous=FULL: a scan answered "admitted" survives a power cut,
// not only a kill -9.
//
// Every operation is one transaction, unless a batch is open (BeginBatch):
// then they all join it and become durable together at CommitBatch, which
// is how `scan --batch` trades latency for throughput. A caller must not
// report a batched decision before CommitBatch succeeded.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/store.h"
#include "common/time_format.h"
#include "tools/token/admission.h"
#include "tools/token/scan_event.h"
#include "tools/token/sync_set.h"

namespace evt::token {

// What a gate asks when a ticket is shown.
struct ScanRequest {
  std::string jti;
  std::string gate;
  ScanType type = ScanType::kEntry;
  ReentryPolicy policy = ReentryPolicy::kSingle;
  std::optional<std::int64_t> code_step;  // the TOTP step the shown code matched
};

enum class ScanResult { kAdmitted, kExited, kAlreadyAdmitted, kNotInside, kRevoked, kCodeReused };

std::string_view ScanResultName(ScanResult result);

struct ScanDecision {
  ScanResult result = ScanResult::kAdmitted;
  std::optional<ScanEvent> recorded;    // the scan added to the set (admitted, exited)
  std::optional<ScanEvent> first;       // already_admitted: the entry that admitted it first
  std::optional<Revocation> revocation;  // revoked: the earliest revocation

  bool ok() const { return recorded.has_value(); }
};

// One element of the set with its local position, for export.
struct SyncElement {
  std::int64_t seq = 0;
  bool quarantined = false;
  std::optional<ScanEvent> scan;
  std::optional<Revocation> revocation;
};

struct MergeCounts {
  std::size_t added = 0;
  std::size_t known = 0;        // same id, same content (RFC 8785): a duplicate delivery
  std::size_t conflicting = 0;  // same id, other content: kept what was here
  std::size_t quarantined = 0;  // added, but too far ahead to move the clock
  std::vector<std::string> touched_jtis;  // whose scans gained an element, sorted
};

// How far ahead of this gate's clock a merged element may be and still move
// it (token.max_drift), and what that clock says now.
struct DriftLimit {
  TimePoint now;
  std::chrono::milliseconds max_drift{std::chrono::minutes(10)};
};

struct ClockRebase {
  Hlc before;
  Hlc after;                // the newest element that is not quarantined
  std::size_t quarantined = 0;  // elements newly quarantined
  bool changes() const { return before != after || quarantined > 0; }
};

class ScanStore {
 public:
  static Result<ScanStore> Open(const std::string& state_dir);
  // For the commands that only read the set (export, report, quarantine):
  // see Store::OpenReadOnly.
  static Result<ScanStore> OpenReadOnly(const std::string& state_dir);
  static Result<ScanStore> OpenMemory();

  // Decides and records one scan. Refused scans are not recorded.
  Result<ScanDecision> Scan(const ScanRequest& request, TimePoint now);

  // A revocation of `jti` made here; revoking twice adds a second element.
  Result<Revocation> Revoke(const std::string& jti, const std::string& gate, const std::string& reason,
                            TimePoint now);

  // Adds the elements not yet in the set and moves the clock past them,
  // except past those beyond the drift limit: they are added quarantined.
  Result<MergeCounts> Merge(const std::vector<ScanEvent>& scans, const std::vector<Revocation>& revocations,
                            const DriftLimit& drift);

  // Quarantines every element beyond the drift limit, and sets the clock to
  // the newest of the others: how a gate whose clock was dragged ahead (by
  // a merge before quarantine existed, or its own wall clock) comes back.
  // With dry_run, only says what would change.
  Result<ClockRebase> RebaseClock(const DriftLimit& drift, bool dry_run);

  // The quarantined elements, in seq order.
  Result<std::vector<SyncElement>> Quarantined();

  // Elements with seq > since, in seq order.
  Result<std::vector<SyncElement>> Export(std::int64_t since);
  // The first `limit` of them: a page for the hub (doc/design.md §18).
  Result<std::vector<SyncElement>> Export(std::int64_t since, std::size_t limit);

  // Every ticket's scans, by jti; every revocation, sorted by (jti, id).
  Result<std::vector<std::vector<ScanEvent>>> ScansByTicket();
  // The same one ticket at a time, for a pass over a set of any size:
  // `each` gets each jti's scans and may run no query of this store.
  Status ForEachTicket(const std::function<Status(std::vector<ScanEvent>)>& each);
  Result<std::vector<ScanEvent>> ScansOf(const std::string& jti);
  // The scans of `jti` with seq <= up_to_seq: what the set held of it then.
  Result<std::vector<ScanEvent>> ScansOf(const std::string& jti, std::int64_t up_to_seq);
  // The largest seq in the set (0 when empty): elements added later have larger ones.
  Result<std::int64_t> LastSeq();
  // Calls `each` with every jti that has a scan with seq > after_seq, once,
  // in byte order of jti; stops at the first error it returns.
  Status ForEachJtiScannedAfter(std::int64_t after_seq, const std::function<Status(const std::string&)>& each);
  Result<std::vector<Revocation>> Revocations();

  // The store the set lives in, where the hub keeps this gate's cursors.
  Store& store() { return set_.db().store(); }

  Status BeginBatch();
  Status CommitBatch();
  // Drops the open batch, if any: nothing it did stays.
  void RollbackBatch() { batch_.reset(); }
  bool in_batch() const { return batch_.has_value(); }

 private:
  explicit ScanStore(Store store) : set_(std::move(store)) {}
  Result<ScanDecision> ScanInTransaction(const ScanRequest& request, TimePoint now);
  Result<std::optional<Revocation>> FirstRevocation(const std::string& jti);
  Result<Hlc> ReadClock();
  Status WriteClock(Hlc hlc);
  Result<Hlc> NextTimestamp(TimePoint now);
  Result<ClockRebase> RebaseInTransaction(const DriftLimit& drift, bool dry_run);

  SyncSet set_;
  std::optional<Transaction> batch_;
};

}  // namespace evt::token
