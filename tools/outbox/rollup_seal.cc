#include "tools/outbox/rollup_seal.h"

#include "tools/outbox/queue_transforms.h"

namespace evt::outbox {

Result<std::size_t> SealClosedRollups(const CommandContext& ctx, OutboxStore& store) {
  std::size_t stored = 0;
  const OutboxLayout layout = ctx.Layout();
  for (const QueueSpec& queue : ctx.config.queues) {
    if (!queue.transforms.rollup) continue;
    QueueTransforms rollup_only;  // sealing needs no privacy key
    rollup_only.rollup = queue.transforms.rollup;
    EVT_ASSIGN_OR_RETURN(QueueTransformer transform, QueueTransformer::Make(queue.name, rollup_only, ctx.state_dir));
    const TimePoint now = ctx.clock.Now();
    EVT_ASSIGN_OR_RETURN(std::vector<OutboxRecord> sealed, transform.SealClosed(ctx.config.kiosk, now));
    if (sealed.empty()) continue;
    EVT_ASSIGN_OR_RETURN(PutReport report, store.Put(layout, queue.name, std::move(sealed), now));
    if (report.refused) continue;
    stored += report.counts.added;
    EVT_RETURN_IF_ERROR(transform.ForgetSealed());
  }
  return stored;
}

}  // namespace evt::outbox
