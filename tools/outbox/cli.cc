#include "tools/outbox/cli.h"

#include "common/state_commands.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_config_check.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckOutboxConfig);
  AddStateCommands(app, options.common, "outbox", [](const std::string& state_dir, TimePoint cutoff) -> Result<std::vector<PrunedRows>> {
    Result<OutboxStore> store = OutboxStore::Open(state_dir);
    if (!store.ok()) return store.status();
    return store->PruneBefore(cutoff);
  });
  app.require_subcommand(1);
  AddPutCommand(app, options);
  AddStatusCommand(app, options);
  AddListCommand(app, options);
  AddRetryCommand(app, options);
  AddDropCommand(app, options);
  AddExportCommand(app, options);
  AddMergeCommand(app, options);
  AddRunCommand(app, options);
  AddServeCommand(app, options);
  AddSyncCommand(app, options);
}

Status Run(const Options& options) {
  if (options.run) return options.run();
  return Status::Ok();  // config check and the state commands run from RunMain
}

}  // namespace evt::outbox
