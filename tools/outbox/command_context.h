// What every evt-outbox command starts from: the config's outbox section,
// the state directory, the output decisions, and the store opened for
// writing or for reading only.
#pragma once

#include <string>
#include <string_view>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

struct CommandContext {
  OutboxConfig config;
  std::string config_path;  // as messages name it
  std::string state_dir;
  bool records = true;  // JSON Lines rather than a table (--json, or stdout not a terminal)
  bool color = false;
  SystemClock clock;

  // The config (--config, else $EVT_CONFIG, else the XDG default), its
  // outbox section read strictly, and the state directory.
  static Result<CommandContext> Make(const CommonOptions& common);

  // The queues and the global bound, as the store applies them.
  OutboxLayout Layout() const;
  // <state_dir>/outbox.db, created and migrated when needed.
  Result<OutboxStore> OpenStore() const;
  // For the commands that only report: never creates or migrates.
  Result<OutboxStore> OpenStoreReadOnly() const;
};

// {"kind": kind, "v": 1, "ts": now}: the start of every record evt-outbox writes.
Value RecordEnvelope(std::string_view kind, TimePoint now);

}  // namespace evt::outbox
