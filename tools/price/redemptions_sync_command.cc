// evt-price redemptions sync: the kiosk's redemptions through the hub
// (doc/design.md §18). What is pulled merges as `redemptions merge` merges
// it; a pass that moved something writes a redemptions.sync record, then
// the over-redemptions of the promotions it touched, as the merge would.
#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/hub/sync_verb.h"
#include "tools/price/cli.h"
#include "tools/price/hub_adapter.h"
#include "tools/price/redemption_reports.h"

namespace evt::price {

Status RunRedemptionsSync(const Options& options) {
  Result<hub::HubSettings> hub = hub::ConfiguredHub(options.common);
  if (!hub.ok()) return hub.status();
  Result<std::vector<Promotion>> promotions = LimitedPromotions(options);
  if (!promotions.ok()) return promotions.status();
  Result<RedemptionStore> store = OpenRedemptionStore(options);
  if (!store.ok()) return store.status();
  RedemptionHubAdapter adapter(*store);
  bool records = WantRecords(options.common);
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  std::size_t conflicts = 0;
  Status synced = hub::RunHubSync(*hub, store->store(), {&adapter}, options.sync, [&](const hub::HubSyncReport& report) {
    MergeCounts merged = adapter.TakeMerged();
    conflicts += merged.conflicts.size();
    WarnConflicts(merged.conflicts);
    if (records) {
      EVT_RETURN_IF_ERROR(writer.Write(hub::HubSyncRecord("redemptions.sync", report, SystemClock().Now())));
    } else {
      std::fputs((hub::HubSyncLine(report) + "\n").c_str(), stdout);
    }
    if (merged.promotions_touched.empty()) return writer.Flush();
    Result<std::vector<OverRedemption>> over = FindOverRedemptions(*store, *promotions);
    if (!over.ok()) return over.status();
    return WriteOverRedemptions(OfPromotions(std::move(*over), merged.promotions_touched), writer);
  });
  if (!synced.ok()) return synced;
  if (conflicts > 0 && !options.sync.watch) {
    return Status::CheckFailed(std::to_string(conflicts) + " order ids hold different sales at different kiosks");
  }
  return Status::Ok();
}

}  // namespace evt::price
