// How far this kiosk has merged each peer's replica export: one cursor per
// peer, whether the lines came by pulling (sync) or were pushed to us
// (serve's merge). Kept in <state_root>/outbox-sync.db, beside outbox.db
// and not in it, because a cursor is only a shortcut: losing it costs one
// full re-exchange (merging is a join, so replaying lines changes nothing),
// never a record, and outbox.db's schema stays the store's alone.
//
// A cursor counts positions in one particular outbox. A kiosk whose state
// was wiped or rebuilt starts counting from 0 again under the same name, so
// cursors are kept per (peer, instance): the instance is a random id made
// with this file, which goes with the state it describes, and a peer's new
// instance starts from 0 instead of waiting to pass the old one's cursor.
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

  // This kiosk's instance: 32 hex digits, fixed for the life of its state.
  const std::string& instance() const { return instance_; }

  // The cursor into the export of `peer` (as `instance`) up to which we
  // have merged; 0 when we have merged nothing of it yet.
  Result<std::int64_t> MergedThrough(const std::string& peer, const std::string& instance);
  // Records that everything of that export before `cursor` is merged here.
  // A cursor never goes back: an older one (a late, replayed push) is
  // ignored.
  Status SetMergedThrough(const std::string& peer, const std::string& instance, std::int64_t cursor);

 private:
  static Result<SyncCursorStore> Opened(Result<Store> store);
  SyncCursorStore(Store store, std::string instance) : store_(std::move(store)), instance_(std::move(instance)) {}
  Store store_;
  std::string instance_;
};

}  // namespace evt::outbox
