#include "tools/outbox/command_context.h"

#include <unistd.h>

#include "common/config.h"
#include "common/output_mode.h"
#include "common/state_root.h"
#include "common/time_format.h"

namespace evt::outbox {

Result<CommandContext> CommandContext::Make(const CommonOptions& common) {
  CommandContext c;
  EVT_ASSIGN_OR_RETURN(c.config_path, FindConfigFile(common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(c.config_path));
  EVT_ASSIGN_OR_RETURN(c.config, ReadOutboxConfig(config));
  EVT_ASSIGN_OR_RETURN(c.state_dir, ResolveStateDir(common));
  c.records = WantRecords(common);
  c.color = !c.records && ColorEnabled(STDOUT_FILENO);
  return c;
}

OutboxLayout CommandContext::Layout() const { return OutboxLayout{config.queues, config.bound_bytes}; }

Result<OutboxStore> CommandContext::OpenStore() const { return OutboxStore::Open(state_dir); }

Result<OutboxStore> CommandContext::OpenStoreReadOnly() const { return OutboxStore::OpenReadOnly(state_dir); }

Value RecordEnvelope(std::string_view kind, TimePoint now) {
  return Value::object({{"kind", kind}, {"v", 1}, {"ts", FormatRfc3339(now)}});
}

}  // namespace evt::outbox
