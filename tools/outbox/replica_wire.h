// The lines kiosks exchange to replicate the outbox (evt-outbox export |
// merge, serve/sync): one JSON object per line, two kinds:
//   {"kind":"outbox.element","id":…,"queue":…,"origin":…,"captured":RFC 3339,"record":{…}}
//   {"kind":"outbox.delivery","id":…,"destination":…,"state":…,"attempts":N,"retries":N,
//    "updated":RFC 3339,"by":…,"status":N,"next_attempt":RFC 3339,"error":…}
// Elements form a grow-only set keyed by id (common/grow_only_set.h);
// delivery rows merge by JoinDelivery (delivery_state.h).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "common/status.h"
#include "tools/outbox/delivery_state.h"
#include "tools/outbox/outbox_record.h"

namespace evt::outbox {

inline constexpr std::string_view kElementKind = "outbox.element";
inline constexpr std::string_view kDeliveryKind = "outbox.delivery_state";

// REQUIRES: record.line is a JSON object (as the store keeps it).
Result<std::string> ElementLine(const OutboxRecord& record);
Result<std::string> DeliveryLine(const Delivery& delivery);

using ReplicaLine = std::variant<OutboxRecord, Delivery>;

// One wire line back. DataErr naming `where` (e.g. "sync from kiosk-b: line
// 12") and what is wrong: not JSON, an unknown kind, a missing field, a
// field of the wrong type or out of range (an unknown state, a negative
// count, a bad timestamp). An element's line is its "record" as compact JSON.
Result<ReplicaLine> ParseReplicaLine(std::string_view line, std::string_view where);

}  // namespace evt::outbox
