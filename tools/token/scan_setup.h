// What the gate commands (scan, scans, revoke, code) share: which gate this
// is, the re-entry policy, the scan store, the code key.
#pragma once

#include <optional>
#include <string>

#include "common/secret.h"
#include "tools/token/admission.h"
#include "tools/token/commands.h"
#include "tools/token/scan_store.h"

namespace evt::token {

// The flag, else token.gate, else the host name; Usage error when unusable.
Result<std::string> GateId(const CommandContext& ctx, const std::string& flag);

// The flag ("single" or "reentry"), else token.reentry.
ReentryPolicy Reentry(const CommandContext& ctx, const std::string& flag);

// The scan set in the state directory (synchronous=FULL); read-only for
// the commands that only report, so they never write (or fail to, on a
// full disk) the state a gate depends on.
Result<ScanStore> OpenScanStore(const CommandContext& ctx, StoreAccess access = StoreAccess::kReadWrite);

// The code key when the config has token.code, else nullopt.
Result<std::optional<Secret>> OptionalCodeKey(const CommandContext& ctx);

// A ticket line "TOKEN::CODE" split; code empty when there is none.
struct ShownTicket {
  std::string_view token;
  std::string_view code;
};
ShownTicket SplitShownTicket(std::string_view line);

// {"id", "gate", "at", "hlc_wall", "hlc_logical"} of a scan, for the
// records that name one.
Value ScanRef(const ScanEvent& e);

// The double_admission record of a ticket `a` admitted more than once.
Value DoubleAdmissionRecord(const CommandContext& ctx, const std::string& jti, const Admission& a,
                            ReentryPolicy policy);

// The revocation record of `r` (without "seq", which only export adds).
Value RevocationRecord(const CommandContext& ctx, const Revocation& r);

}  // namespace evt::token
