// The outbox's records as a grow-only set (common/grow_only_set.h) in the
// table records of outbox.db, keyed by record id. Sameness is the record
// without its envelope in canonical JSON (record_id.h); a conflict keeps
// the record here and is reported, as a put's conflict is. Records carry
// the origin's capture time, which no kiosk trusts for anything but order:
// no drift bound, no quarantine.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/grow_only_set.h"
#include "common/store.h"
#include "tools/outbox/outbox_record.h"

namespace evt::outbox {

const std::vector<Migration>& OutboxMigrations();

// A record as the set stores it. One change clock (change_clock.h) numbers
// both the records added and the delivery rows changed, so one export
// cursor covers both; the store hands each new record its number.
struct SetElement {
  OutboxRecord record;
  std::int64_t seq = 0;
  // Whether the record counts against the bounds (outbox_store.h says when);
  // kept by the store as rows change, summed per queue by the migrations' triggers.
  bool held = true;
};

struct OutboxSetSchema {
  using Element = SetElement;
  static constexpr GsetConflictRule kOnConflict = GsetConflictRule::kKeepHere;
  static const GsetTable& Table();
  static std::string_view Id(const SetElement& e) { return e.record.id; }
  // The record without envelope; an unreadable line (never stored: Put and
  // Merge parse first) compares as null.
  static Value Content(const SetElement& e);
  static Result<SetElement> Read(StatementCache& db, const Statement& row);
  static Status Insert(StatementCache& db, const SetElement& e);
};

using OutboxSet = GrowOnlySet<OutboxSetSchema>;

}  // namespace evt::outbox
