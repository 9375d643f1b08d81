// The roll-ups of intervals still open, in outbox.db's table rollup_cells
// (added by RollupMigration, one of OutboxMigrations): one row per queue,
// interval and group, so a roll-up spans every put of its interval. Kept
// with its own connection to outbox.db, a transaction per batch after the
// batch's own: a kill -9 between the two loses that batch's counts from
// the roll-up (never a record), and a replayed input counts again (a
// roll-up counts what was offered, duplicates included).
#pragma once

#include <string>

#include "common/status.h"
#include "common/store.h"
#include "tools/outbox/rollup.h"

namespace evt::outbox {

// outbox.db's schema step for rollup_cells.
const Migration& RollupMigration();

class RollupStore {
 public:
  static Result<RollupStore> Open(const std::string& state_dir);
  static Result<RollupStore> OpenMemory();  // for tests

  // Merges `cells` into those kept for `queue`, in one transaction.
  Status Add(const std::string& queue, const RollupCells& cells);
  // The cells of `queue` whose interval has ended at `now`.
  Result<RollupCells> Closed(const std::string& queue, Duration interval, TimePoint now);
  // Forgets the cells of `queue` that were sealed (their records stored).
  Status Remove(const std::string& queue, const RollupCells& sealed);

 private:
  explicit RollupStore(Store store) : store_(std::move(store)) {}
  Result<RollupCell> Load(const Statement& row, int first_column, const std::string& where) const;
  Store store_;
};

}  // namespace evt::outbox
