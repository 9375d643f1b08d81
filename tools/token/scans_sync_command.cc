// evt-token scans sync: the gate's scan set through the hub (doc/design.md
// §18). What is pulled merges as `scans merge` merges it; a pass that moved
// something writes a scans.sync record, then the double admissions it
// revealed, as the merge would have.
#include <cstdio>

#include "common/json_writer.h"
#include "common/messages.h"
#include "common/hub/sync_verb.h"
#include "tools/token/hub_adapter.h"
#include "tools/token/scan_setup.h"

namespace evt::token {
namespace {

void WarnAbout(const CommandContext& ctx, const hub::HubSyncReport& report) {
  if (report.merged.quarantined > 0) {
    PrintWarning(std::to_string(report.merged.quarantined) + " elements from the hub are more than " +
                 std::to_string(ctx.config.max_drift.count() / 1000) +
                 " s ahead of this gate's clock (token.max_drift): merged, but quarantined so they do not move the "
                 "scan clock; their gate's clock runs fast. `evt-token scans quarantine` lists them");
  }
  if (report.merged.conflict > 0) {
    PrintWarning(std::to_string(report.merged.conflict) +
                 " elements from the hub reuse an id already here with other content; kept the ones here");
  }
}

}  // namespace

Status RunScansSync(const CommandContext& ctx, const ScansArgs& args) {
  Result<hub::HubSettings> hub = hub::ConfiguredHub(*ctx.common);
  if (!hub.ok()) return hub.status();
  Result<ScanStore> store = OpenScanStore(ctx);
  if (!store.ok()) return store.status();
  ReentryPolicy policy = Reentry(ctx, args.reentry);
  ScanHubAdapter adapter(*store, ctx.clock, ctx.config.max_drift, policy);
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  std::size_t conflicts = 0;
  Status synced = hub::RunHubSync(*hub, store->store(), {&adapter}, args.sync, [&](const hub::HubSyncReport& report) {
    conflicts += report.merged.conflict;
    WarnAbout(ctx, report);
    std::vector<RevealedDouble> revealed = adapter.TakeRevealed();
    if (!ctx.records) {
      std::string text = hub::HubSyncLine(report) + "\n";
      for (const RevealedDouble& d : revealed) {
        text += "double admission: " + d.jti + " admitted at " + d.admission.first->gate + ", again at";
        for (const ScanEvent& e : d.admission.doubles) text += " " + e.gate;
        text += "\n";
      }
      return WriteStdoutLine(text.substr(0, text.size() - 1), true);
    }
    EVT_RETURN_IF_ERROR(writer.Write(hub::HubSyncRecord("scans.sync", report, ctx.clock.Now())));
    for (const RevealedDouble& d : revealed) {
      EVT_RETURN_IF_ERROR(writer.Write(DoubleAdmissionRecord(ctx, d.jti, d.admission, policy)));
    }
    return Status::Ok();
  });
  if (!synced.ok()) return synced;
  if (conflicts > 0 && !args.sync.watch) {
    return Status::CheckFailed(std::to_string(conflicts) + " elements reuse an id already here with other content");
  }
  return Status::Ok();
}

}  // namespace evt::token
