// One delivery pass over one http destination (doc/design.md §15.3): the gate, then
// the records due, oldest captured first, each POSTed at the rate the ramp
// and the rate cap allow, its row moved by the answer (retry_policy.h). A
// record another kiosk captured is sent here only when the shop honours
// Idempotency-Key or its origin has been silent for takeover_after.
//
// A sender lives as long as the run: `run --watch` keeps its ramp, rate cap
// and the API's Retry-After from pass to pass; a one-shot `run` starts a
// drain at the ramp's start, as after the link came back.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/gate.h"
#include "tools/outbox/http_destination.h"
#include "tools/outbox/http_transport.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/ramp.h"
#include "tools/outbox/rate_cap.h"
#include "tools/outbox/retry_policy.h"

namespace evt::outbox {

// The store operations a pass needs, behind an interface so the pass is
// tested without SQLite; StoreLedger (store_ledger.h) is the real one.
class DeliveryLedger {
 public:
  virtual ~DeliveryLedger() = default;
  virtual Result<std::vector<DueDelivery>> Due(const std::string& destination, TimePoint now, std::size_t limit) = 0;
  virtual Result<bool> MarkDelivered(const std::string& id, const std::string& destination, TimePoint now, int status,
                                     const std::string& kiosk) = 0;
  virtual Result<bool> MarkRetry(const std::string& id, const std::string& destination, TimePoint now,
                                 TimePoint next_attempt, int status, const std::string& error,
                                 const std::string& kiosk) = 0;
  virtual Result<bool> MarkDeadLettered(const std::string& id, const std::string& destination, TimePoint now,
                                        int status, const std::string& response_text, const std::string& kiosk) = 0;
  virtual Result<std::optional<TimePoint>> PeerLastSeen(const std::string& kiosk) = 0;
};

// What a sender needs from the run around it.
struct SenderEnv {
  std::string kiosk;
  Duration takeover_after{120000};
  const Clock* clock = nullptr;
  HttpTransport* transport = nullptr;
  const Secret* token = nullptr;  // none: no Authorization header
  std::function<GateVerdict(TimePoint now)> gate;         // empty: always open
  std::function<Status(const Value& record)> emit;        // outbox.delivery records
  std::function<bool()> stop_requested;                   // empty: never
  std::function<void(Duration)> sleep;                    // waits, returning early on a stop
  std::uint64_t seed = 0;                                 // the backoff's jitter
};

struct PassReport {
  bool gated = false;
  std::int64_t delivered = 0;
  std::int64_t retried = 0;
  std::int64_t dead_lettered = 0;
  std::int64_t awaiting_origin = 0;  // another kiosk's, not ours to send yet
  bool cut_short = false;            // a failure burst or Retry-After ended it
};

class DestinationSender {
 public:
  DestinationSender(HttpDestination destination, SenderEnv env);

  // One pass. A refused token (401, 403) ends it with Config naming the
  // destination, the row left pending as it was: no order is dead-lettered
  // or counted for the site's own misconfiguration.
  Result<PassReport> RunPass(DeliveryLedger& ledger);

  const HttpDestination& destination() const { return destination_; }

 private:
  enum class Step { kNext, kEndPass };

  Result<bool> MayDeliverHere(DeliveryLedger& ledger, const OutboxRecord& record, TimePoint now);
  Status WaitForRate();
  Result<std::string> Body(const OutboxRecord& record) const;
  Result<Step> Deliver(DeliveryLedger& ledger, const DueDelivery& due, PassReport& report);
  Status Emit(Value record);
  Value DeliveryRecord(const DueDelivery& due, std::string_view event, const HttpReply& reply) const;

  HttpDestination destination_;
  SenderEnv env_;
  RetryPolicy policy_;
  Ramp ramp_;
  RateCap cap_;
  std::mt19937_64 rng_;
  bool was_gated_ = false;
  std::optional<std::chrono::steady_clock::time_point> not_before_;  // the API's Retry-After
  int failures_in_row_ = 0;
};

// Failed sends in a row that end a pass: the link is down, and trying the
// rest of the queue would only push every order's next attempt out.
inline constexpr int kFailureBurst = 3;

// Records fetched from the store at a time.
inline constexpr std::size_t kDueBatch = 64;

}  // namespace evt::outbox
