// evt-budget usage sync: the box's usage ledger through the hub
// (doc/design.md §18), so every box's spend counts the site's. A pass that
// moved something writes a usage.sync record; a conflict (an id the ledger
// holds with other usage) is warned about, as ingest warns.
#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/hub/sync_verb.h"
#include "tools/budget/commands.h"
#include "tools/budget/usage_hub.h"

namespace evt::budget {

Status RunUsageSync(Context& c, const Options& options) {
  Result<hub::HubSettings> hub = hub::ConfiguredHub(options.common);
  if (!hub.ok()) return hub.status();
  SystemClock clock;
  UsageHubAdapter adapter(c.ledger, c.config, clock);
  bool records = WantRecords(options.common);
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  return hub::RunHubSync(*hub, c.ledger.store(), {&adapter}, options.sync, [&](const hub::HubSyncReport& report) {
    for (const std::string& conflict : adapter.TakeConflicts()) {
      PrintWarning("from the hub: " + conflict + "; kept the ledger's");
    }
    if (records) return writer.Write(hub::HubSyncRecord("usage.sync", report, clock.Now()));
    std::fputs((hub::HubSyncLine(report) + "\n").c_str(), stdout);
    return std::fflush(stdout) == 0 ? Status::Ok() : Status::IoErr("write error");
  });
}

}  // namespace evt::budget
