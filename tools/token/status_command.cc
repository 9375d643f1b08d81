// `evt-token status`: what this gate's store holds, for a person or for
// `evt status` (doc/design.md §17). Read-only: it opens the scan set and
// the ring with Store::OpenReadOnly, so it answers beside a gate that is
// scanning and never creates a store that is not there.
#include <unistd.h>

#include <iostream>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/state_root.h"
#include "tools/token/commands.h"
#include "tools/token/scan_setup.h"
#include "tools/token/token_status.h"

namespace evt::token {
namespace {

Result<TokenStatus> ReadTokenStatus(const CommandContext& ctx) {
  EVT_ASSIGN_OR_RETURN(std::string gate, GateId(ctx, ""));
  EVT_ASSIGN_OR_RETURN(ScanStore store, OpenScanStore(ctx, StoreAccess::kReadOnly));
  ScanSetSummary summary(std::move(gate), Reentry(ctx, ""));
  EVT_RETURN_IF_ERROR(store.ForEachTicket([&summary](std::vector<ScanEvent> scans) {
    summary.AddTicket(std::move(scans));
    return Status::Ok();
  }));
  EVT_ASSIGN_OR_RETURN(std::vector<Revocation> revocations, store.Revocations());
  EVT_ASSIGN_OR_RETURN(std::vector<SyncElement> quarantined, store.Quarantined());
  TokenStatus status = std::move(summary).Finish(revocations);
  status.quarantined = quarantined.size();
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(*ctx.common));
  EVT_ASSIGN_OR_RETURN(KeyRing ring, KeyRing::OpenReadOnly(state_dir));
  EVT_ASSIGN_OR_RETURN(std::vector<RingEntry> entries, ring.List());
  status.active_keys = ActiveKeys(entries);
  return status;
}

}  // namespace

Status RunStatus(const CommandContext& ctx) {
  EVT_ASSIGN_OR_RETURN(TokenStatus status, ReadTokenStatus(ctx));
  const TimePoint now = ctx.clock.Now();
  if (!ctx.records) {
    std::cout << TokenStatusText(status, now, ctx.color, TerminalWidth(STDOUT_FILENO)) << std::flush;
    return std::cout ? Status::Ok() : Status::IoErr("write error");
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  EVT_RETURN_IF_ERROR(out.Write(TokenStatusRecord(status, now)));
  return out.Flush();
}

}  // namespace evt::token
