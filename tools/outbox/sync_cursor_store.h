// How far this kiosk has merged each peer's replica export: one cursor per
// peer, whether the lines came by pulling (sync) or were pushed to us
// (serve's merge). Kept in <state_root>/outbox-sync.db, beside outbox.db
// and not in it, because a cursor is only a shortcut: losing it costs one
// full re-exchange (merging is a join, so replaying lines changes nothing),
// never a record, and outbox.db's schema stays the store's alone.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "common/store.h"

namespace evt::outbox {

class SyncCursorStore {
 public:
  static Result<SyncCursorStore> Open(const std::string& state_dir);
  static Result<SyncCursorStore> OpenMemory();  // for tests

  // The cursor into `peer`'s export up to which we have merged; 0 when we
  // have merged nothing of it yet.
  Result<std::int64_t> MergedThrough(const std::string& peer);
  // Records that everything of `peer`'s export before `cursor` is merged
  // here. A cursor never goes back: an older one (a late, replayed push) is
  // ignored.
  Status SetMergedThrough(const std::string& peer, std::int64_t cursor);

 private:
  explicit SyncCursorStore(Store store) : store_(std::move(store)) {}
  Store store_;
};

}  // namespace evt::outbox
