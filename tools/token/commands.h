// What evt-token's commands share, and the commands themselves. Each Run*
// reads its input, writes its artifact or records to stdout and returns the
// Status RunMain turns into the exit code.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/value.h"
#include "tools/token/algorithm.h"
#include "tools/token/key_ring.h"
#include "tools/token/cli.h"
#include "tools/token/token_config.h"

namespace evt::token {

struct CommandContext {
  const CommonOptions* common = nullptr;
  TokenConfig config;
  bool records = true;  // JSON Lines rather than a table (--json, or stdout not a terminal)
  bool color = false;
  const TimeZone* zone = nullptr;  // the zone tables show times in (common/time_display.h)
  SystemClock clock;

  // The config (per --config, else $EVT_CONFIG, else the XDG default) and
  // the output decisions.
  static Result<CommandContext> Make(const CommonOptions& common);

  // The ring in the state directory (--state-dir, $EVT_STATE_DIR, XDG).
  Result<KeyRing> OpenRing() const;

  // {"kind": kind, "v": 1, "ts": now}.
  Value Envelope(std::string_view kind) const;
  // Now as RFC 3339, the envelope's "ts", for a record written without a Value.
  const std::string& Timestamp() const;

 private:
  // The last "ts" formatted: a stream of verdicts shares most of them.
  mutable TimePoint last_ts_{};
  mutable std::string last_ts_text_;
};

// A duration flag such as --ttl: whole seconds; Usage errors name the flag.
Result<std::chrono::seconds> SecondsFlag(std::string_view flag, const std::string& text, bool allow_zero);
// A --kid value: at most 256 bytes, no control characters (it is shown in
// tables and messages). Usage error otherwise.
Status CheckKidFlag(const std::string& kid);
// The --alg value; EdDSA when empty.
Alg AlgFlag(const std::string& text);
// "Ed25519" or "HS256": how people name a key's type.
std::string_view KeyTypeName(KeyKind kind);

// Writes `line` and "\n" to stdout; with `flush`, pushes it to the reader
// at once. IoErr on failure (the reader going away ends the tool quietly).
Status WriteStdoutLine(std::string_view line, bool flush);

Status RunSign(const CommandContext& ctx, const SignArgs& args);
Status RunVerify(const CommandContext& ctx, const VerifyArgs& args);
Status RunDecode(const CommandContext& ctx, const std::string& token);
Status RunKeysNew(const CommandContext& ctx, const KeysArgs& args);
Status RunKeysList(const CommandContext& ctx);
Status RunKeysRotate(const CommandContext& ctx, const KeysArgs& args);
Status RunKeysRetire(const CommandContext& ctx, const KeysArgs& args);
Status RunKeysImport(const CommandContext& ctx, const KeysArgs& args);
Status RunKeysExport(const CommandContext& ctx, const KeysArgs& args);
Status RunJwks(const CommandContext& ctx);
Status RunScan(const CommandContext& ctx, const ScanArgs& args);
Status RunScansExport(const CommandContext& ctx, const ScansArgs& args);
Status RunScansMerge(const CommandContext& ctx, const ScansArgs& args);
Status RunScansReport(const CommandContext& ctx, const ScansArgs& args);
Status RunScansQuarantine(const CommandContext& ctx);
Status RunScansClockRebase(const CommandContext& ctx, const ScansArgs& args);
Status RunScansSync(const CommandContext& ctx, const ScansArgs& args);
Status RunRevoke(const CommandContext& ctx, const RevokeArgs& args);
Status RunCode(const CommandContext& ctx, const CodeArgs& args);
Status RunStatus(const CommandContext& ctx);

}  // namespace evt::token
