// A gate's sync set as a grow-only set (common/grow_only_set.h): scans and
// revocations share the table sync_set and one id space, so a scan and a
// revocation under one id are a conflict like any other difference. The
// rule on a conflict is to keep the element here; an element stamped past
// token.max_drift is quarantined.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "common/grow_only_set.h"
#include "tools/token/scan_event.h"

namespace evt::token {

using SyncItem = std::variant<ScanEvent, Revocation>;

const std::string& SyncItemId(const SyncItem& item);
const std::string& SyncItemJti(const SyncItem& item);
Hlc SyncItemHlc(const SyncItem& item);

struct SyncSetSchema {
  using Element = SyncItem;
  static constexpr GsetConflictRule kOnConflict = GsetConflictRule::kKeepHere;
  static const GsetTable& Table();
  static std::string_view Id(const SyncItem& item) { return SyncItemId(item); }
  // The record of the element without envelope: {"kind":"scan.event",…}.
  static Value Content(const SyncItem& item);
  static Result<SyncItem> Read(StatementCache& db, const Statement& row);
  static Status Insert(StatementCache& db, const SyncItem& item);
  static std::int64_t StampMs(const SyncItem& item) { return SyncItemHlc(item).wall; }
};

using SyncSet = GrowOnlySet<SyncSetSchema>;

}  // namespace evt::token
