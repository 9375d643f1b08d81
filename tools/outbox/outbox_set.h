// The outbox's records as a grow-only set (common/grow_only_set.h) in the
// table records of outbox.db, keyed by record id. Sameness is the record
// without its envelope in canonical JSON (record_id.h); a conflict keeps
// the record here and is reported, as a put's conflict is. Records carry
// the origin's capture time, which no kiosk trusts for anything but order:
// no drift bound, no quarantine.
#pragma once

#include <string_view>
#include <vector>

#include "common/grow_only_set.h"
#include "common/store.h"
#include "tools/outbox/outbox_record.h"

namespace evt::outbox {

const std::vector<Migration>& OutboxMigrations();

struct OutboxSetSchema {
  using Element = OutboxRecord;
  static constexpr GsetConflictRule kOnConflict = GsetConflictRule::kKeepHere;
  static const GsetTable& Table();
  static std::string_view Id(const OutboxRecord& r) { return r.id; }
  // The record without envelope; an unreadable line (never stored: Put and
  // Merge parse first) compares as null.
  static Value Content(const OutboxRecord& r);
  static Result<OutboxRecord> Read(StatementCache& db, const Statement& row);
  static Status Insert(StatementCache& db, const OutboxRecord& r);
};

using OutboxSet = GrowOnlySet<OutboxSetSchema>;

}  // namespace evt::outbox
