// What `status` and `list` show a person at a terminal (common/table.h).
#pragma once

#include <string>
#include <vector>

#include "common/time_zone.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

// A row per queue and destination: pending records and bytes, the oldest
// pending's age, delivered, retried, dead-lettered, dropped and shed.
std::string StatusTable(const std::vector<QueueStats>& stats, bool color, int width);

// A row per record and delivery row: id, queue, origin, captured, and the
// row's destination, state, attempts and last status. Captured times in
// `zone`, with the date when not the day of `now` (common/time_display.h).
std::string ListTable(const std::vector<ListedRecord>& records, bool color, int width, const TimeZone& zone,
                      TimePoint now);

// "2h05m", "3m20s", "45s", "-" for none: an age at a glance.
std::string AgeText(const std::optional<std::int64_t>& age_ms);

}  // namespace evt::outbox
