// The one sequence that numbers every change the outbox exports: each
// record added and each delivery row changed takes the next number, so an
// export since a cursor is one ordered scan over both. Loaded once per
// write transaction and saved before its commit, so a put of 256 records
// costs one read and one write of the clock, not one per row.
#pragma once

#include <cstdint>

#include "common/statement_cache.h"

namespace evt::outbox {

class ChangeClock {
 public:
  // REQUIRES: a write transaction is open on db (the clock is the
  // transaction's until Save).
  static Result<ChangeClock> Load(StatementCache& db);
  std::int64_t Next() { return ++seq_; }
  Status Save(StatementCache& db) const;

 private:
  explicit ChangeClock(std::int64_t seq) : seq_(seq) {}
  std::int64_t seq_;
};

}  // namespace evt::outbox
