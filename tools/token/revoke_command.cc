// evt-token revoke: refuse tickets by jti, here and at every gate that
// merges this gate's export.
#include <vector>

#include "common/json_writer.h"
#include "tools/token/scan_setup.h"

namespace evt::token {

Status RunRevoke(const CommandContext& ctx, const RevokeArgs& args) {
  for (const std::string& jti : args.jtis) {
    if (jti.empty() || jti.size() > kMaxJtiBytes) return Status::Usage("jti: expected 1 to 256 bytes");
    EVT_RETURN_IF_ERROR(CheckUtf8("jti", jti));
  }
  if (args.reason.size() > kMaxReasonBytes) return Status::Usage("--reason: longer than 1024 bytes");
  EVT_RETURN_IF_ERROR(CheckUtf8("--reason", args.reason));
  Result<std::string> gate = GateId(ctx, args.gate);
  if (!gate.ok()) return gate.status();
  Result<ScanStore> store = OpenScanStore(ctx);
  if (!store.ok()) return store.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  EVT_RETURN_IF_ERROR(store->BeginBatch());
  std::vector<Revocation> made;
  for (const std::string& jti : args.jtis) {
    Result<Revocation> r = store->Revoke(jti, *gate, args.reason, ctx.clock.Now());
    if (!r.ok()) return r.status();
    made.push_back(std::move(*r));
  }
  EVT_RETURN_IF_ERROR(store->CommitBatch());
  for (const Revocation& r : made) EVT_RETURN_IF_ERROR(writer.Write(RevocationRecord(ctx, r)));
  return writer.Flush();
}

}  // namespace evt::token
