// Where one record stands with one destination: a row per (record id,
// destination), created when the record is put (or merged) for each
// destination of its queue, and moved by the delivery pass. Rows replicate
// between kiosks and merge as a join (replica_wire.h), so every kiosk ends
// with the same state whatever order the rows arrived in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evt::outbox {

enum class DeliveryState { kPending, kDelivered, kDeadLettered, kDropped };

// "pending", "delivered", "dead_lettered", "dropped".
std::string_view DeliveryStateName(DeliveryState state);
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);
// The rank the join compares: pending < dead_lettered < delivered < dropped.
int DeliveryStateRank(DeliveryState state);
// Delivered and dropped are final: no merge and no retry moves a row out.
bool IsFinal(DeliveryState state);

struct Delivery {
  std::string id;
  std::string destination;
  DeliveryState state = DeliveryState::kPending;
  std::int64_t attempts = 0;         // tries made, the delivering one included
  std::int64_t retries = 0;          // operator retries (dead letter -> pending): see JoinDelivery
  std::int64_t next_attempt_ms = 0;  // Unix ms: due from then while pending
  int last_status = 0;               // the last HTTP status, 0 when there was none (a transport error)
  std::string last_error;            // the last error, or a dead letter's response text
  std::int64_t updated_ms = 0;       // Unix ms of the last change, on the kiosk that made it
  std::string by;                    // the kiosk that made the last change
};

// The join two replicas' rows of one (id, destination) merge by: a total
// order whose greater row wins, so merging in any order converges. Final
// states first (dropped > delivered > the rest); then the operator retries,
// so a retried row (pending again) beats the dead letter it replaced on a
// replica that has not seen the retry; then the state rank (dead_lettered >
// pending); then attempts, then updated; the remaining fields only break
// ties, so two different rows are never "equal".
bool JoinPrefers(const Delivery& a, const Delivery& b);  // whether a wins over b
const Delivery& JoinDelivery(const Delivery& a, const Delivery& b);

}  // namespace evt::outbox
