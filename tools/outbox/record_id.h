// How a record put into the outbox gets its id and what makes two records
// under one id the same (doc/design.md §3.8): the record's own "id" where
// it has one (an order's id), else a fresh 128-bit random id; the same
// content is the record without its envelope (kind, v, ts) in canonical
// JSON, so a replay restamped by another run is still a duplicate.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/outbox/outbox_record.h"

namespace evt::outbox {

// 32 lower-case hex digits from the kernel's random source.
std::string NewRecordId();

// The record's "id": a non-empty string, or absent (then a NewRecordId).
// DataErr naming the field when "id" is there but not a non-empty string.
// REQUIRES: record is an object.
Result<std::string> RecordIdOf(const Value& record);

// The record without "kind", "v" and "ts": what sameness compares.
// REQUIRES: record is an object.
Value RecordContent(const Value& record);

// The canonical text of RecordContent(ParseJson(line)); DataErr naming
// `source` when the line is not a JSON object.
Result<std::string> CanonicalContentOfLine(std::string_view line, std::string_view source);

// An OutboxRecord for `record` put into `queue` on kiosk `origin` at `now`:
// its id as RecordIdOf, its line the record as compact JSON.
// DataErr as RecordIdOf, or when the record is not an object.
Result<OutboxRecord> MakeOutboxRecord(const Value& record, std::string queue, std::string origin, TimePoint now);

}  // namespace evt::outbox
