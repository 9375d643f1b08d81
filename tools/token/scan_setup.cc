#include "tools/token/scan_setup.h"

#include <unistd.h>

#include <chrono>

#include "common/state_dir.h"
#include "common/state_root.h"

namespace evt::token {

Result<std::string> GateId(const CommandContext& ctx, const std::string& flag) {
  std::string gate = flag;
  if (gate.empty() && ctx.config.gate) gate = *ctx.config.gate;
  if (gate.empty()) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) gate = host;
  }
  Status valid = CheckGateId(gate);
  if (!valid.ok()) return Status::Usage("--gate: " + valid.message() + "; set --gate or token.gate");
  return gate;
}

ReentryPolicy Reentry(const CommandContext& ctx, const std::string& flag) {
  return ParseReentryPolicy(flag.empty() ? ctx.config.reentry : flag).value_or(ReentryPolicy::kSingle);
}

Result<ScanStore> OpenScanStore(const CommandContext& ctx, StoreAccess access) {
  Result<std::string> dir = ResolveStateDir(*ctx.common);
  if (!dir.ok()) return dir.status();
  return access == StoreAccess::kReadOnly ? ScanStore::OpenReadOnly(*dir) : ScanStore::Open(*dir);
}

Result<std::optional<Secret>> OptionalCodeKey(const CommandContext& ctx) {
  if (!ctx.config.code || ctx.config.code->Raw("secret") == nullptr) return std::optional<Secret>();
  Result<Secret> key = ReadCodeKey(ctx.config);
  if (!key.ok()) return key.status();
  return std::optional<Secret>(std::move(*key));
}

ShownTicket SplitShownTicket(std::string_view line) {
  std::size_t sep = line.find("::");
  if (sep == std::string_view::npos) return {line, {}};
  return {line.substr(0, sep), line.substr(sep + 2)};
}

Value ScanRef(const ScanEvent& e) {
  return Value::object({{"id", e.id},
                        {"gate", e.gate},
                        {"at", FormatRfc3339(TimePoint(std::chrono::milliseconds(e.hlc.wall)))},
                        {"hlc_wall", e.hlc.wall},
                        {"hlc_logical", e.hlc.logical}});
}

Value RevocationRecord(const CommandContext& ctx, const Revocation& r) {
  Value record = ctx.Envelope("revocation");
  AddRevocationFields(record, r);
  return record;
}

Value DoubleAdmissionRecord(const CommandContext& ctx, const std::string& jti, const Admission& a,
                            ReentryPolicy policy) {
  Value record = ctx.Envelope("double_admission");
  record.set("jti", jti);
  record.set("reentry", ReentryPolicyName(policy));
  record.set("admitted_by", ScanRef(*a.first));
  Value also = Value::array();
  for (const ScanEvent& e : a.doubles) also.push_back(ScanRef(e));
  record.set("also", std::move(also));
  return record;
}

}  // namespace evt::token
