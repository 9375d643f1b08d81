// What `evt-token status` reports about this gate's store: per gate known
// here, its entries, exits, the tickets it admitted first, its double
// admissions and revocations, and its newest element (how far its scans
// have reached this gate, by merge or by scanning here); the tickets with
// double admissions, newest first; the active signing keys and their age.
// Summarised from the scan set alone, so every gate holding the same
// elements shows the same counts (doc/design.md §17).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/token/admission.h"
#include "tools/token/key_ring.h"
#include "tools/token/scan_event.h"

namespace evt::token {

struct GateTally {
  std::string gate;
  std::size_t entries = 0;
  std::size_t exits = 0;
  std::size_t admitted = 0;           // tickets whose first admission was here
  std::size_t double_admissions = 0;  // entries here that admitted a ticket again
  std::size_t revocations = 0;        // revocations made here
  std::optional<TimePoint> last_at;   // its newest element held here, by its clock
};

struct DoubleAdmissionSeen {
  std::string jti;
  ScanEvent first;   // the entry that admitted it
  ScanEvent latest;  // the newest entry that admitted it again
  std::size_t times = 0;  // how many entries admitted it again
};

struct ActiveKey {
  std::string kid;
  std::string alg;  // "Ed25519" or "HS256"
  TimePoint since;  // activated (or created, for a key made active)
};

struct TokenStatus {
  std::string gate;  // this gate's id
  ReentryPolicy policy = ReentryPolicy::kSingle;
  std::size_t admitted = 0;           // tickets admitted, at any gate
  std::size_t inside = 0;             // of them, inside now (re-entry policy)
  std::size_t double_admissions = 0;  // tickets admitted more than once
  std::size_t revocations = 0;
  std::size_t quarantined = 0;
  std::vector<GateTally> gates;               // by gate id; this gate included even without elements
  std::vector<DoubleAdmissionSeen> latest_doubles;  // newest first, at most kLatestDoubles
  std::vector<ActiveKey> active_keys;         // Ed25519 first
};

inline constexpr std::size_t kLatestDoubles = 5;

// The scan set's summary, taken one ticket at a time (as
// ScanStore::ForEachTicket gives them), so memory does not grow with the
// set: read whole, a million scans took 385 MB for `evt-token status`.
class ScanSetSummary {
 public:
  ScanSetSummary(std::string gate, ReentryPolicy policy);
  ~ScanSetSummary();
  ScanSetSummary(ScanSetSummary&&) noexcept;
  ScanSetSummary& operator=(ScanSetSummary&&) noexcept;

  // One jti's scans, all of them; each jti once.
  void AddTicket(std::vector<ScanEvent> scans);
  // The summary, once every ticket is in.
  TokenStatus Finish(const std::vector<Revocation>& revocations) &&;

 private:
  struct Tally;
  std::unique_ptr<Tally> tally_;
};

// The same for tickets already in memory (each inner vector one jti).
TokenStatus SummarizeScanSet(std::string gate, ReentryPolicy policy,
                             std::vector<std::vector<ScanEvent>> tickets, const std::vector<Revocation>& revocations);

// The active keys of the ring's entries, Ed25519 first.
std::vector<ActiveKey> ActiveKeys(const std::vector<RingEntry>& ring);

// The token.status record (schemas/records/token.status.json) as of `now`.
Value TokenStatusRecord(const TokenStatus& status, TimePoint now);

// The same for a person: a line per fact, then a row per gate, fitted to `width`.
std::string TokenStatusText(const TokenStatus& status, TimePoint now, bool color, int width);

}  // namespace evt::token
