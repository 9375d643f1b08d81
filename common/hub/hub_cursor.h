// Where a box is in its exchange with the hub, kept in the box's own
// store (table hub_cursor, created on first use): per set and per hub
// (its identity and this site), so a box pointed at another hub, or
// renamed to another site, starts again from 0 instead of skipping.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "common/store.h"

namespace evt::hub {

struct HubCursor {
  std::int64_t push = 0;  // the box's local seq pushed through
  std::int64_t pull = 0;  // the hub's seq merged through
};

class HubCursorStore {
 public:
  // REQUIRES: store outlives this object. Creates hub_cursor if missing.
  static Result<HubCursorStore> Open(Store& store, std::string hub_key);

  Result<HubCursor> Load(const std::string& set);
  // Each in its own transaction, after the work it records committed.
  Status SavePush(const std::string& set, std::int64_t push);
  Status SavePull(const std::string& set, std::int64_t pull);

 private:
  HubCursorStore(Store& store, std::string hub_key) : store_(&store), hub_key_(std::move(hub_key)) {}
  Status Save(const std::string& set, const char* column, std::int64_t value);

  Store* store_;
  std::string hub_key_;  // "<hub_id>/<site>"
};

}  // namespace evt::hub
