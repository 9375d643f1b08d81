#include "tools/token/commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/duration.h"
#include "common/state_root.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/state_dir.h"
#include "common/time_display.h"

namespace evt::token {

Result<CommandContext> CommandContext::Make(const CommonOptions& common) {
  CommandContext ctx;
  ctx.common = &common;
  Result<TokenConfig> config = LoadTokenConfig(common.config);
  if (!config.ok()) return config.status();
  ctx.config = std::move(*config);
  ctx.records = WantRecords(common);
  ctx.color = ColorEnabled(STDOUT_FILENO);
  ctx.zone = &DisplayZone(ctx.config.site_timezone, common.utc);
  return ctx;
}

Result<KeyRing> CommandContext::OpenRing() const {
  Result<std::string> dir = ResolveStateDir(*common);
  if (!dir.ok()) return dir.status();
  return KeyRing::Open(*dir);
}

const std::string& CommandContext::Timestamp() const {
  TimePoint now = clock.Now();
  if (last_ts_text_.empty() || now != last_ts_) {
    last_ts_ = now;
    last_ts_text_ = FormatRfc3339(now);
  }
  return last_ts_text_;
}

Value CommandContext::Envelope(std::string_view kind) const {
  return Value::object({{"kind", kind}, {"v", 1}, {"ts", Timestamp()}});
}

Result<std::chrono::seconds> SecondsFlag(std::string_view flag, const std::string& text, bool allow_zero) {
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage(std::string(flag) + ": " + d.status().message());
  if (*d % std::chrono::seconds(1) != Duration::zero()) {
    return Status::Usage(std::string(flag) + ": expected whole seconds, got \"" + text + "\"");
  }
  if (!allow_zero && *d == Duration::zero()) return Status::Usage(std::string(flag) + ": expected a positive duration");
  return std::chrono::duration_cast<std::chrono::seconds>(*d);
}

Status CheckKidFlag(const std::string& kid) {
  if (kid.size() > 256) return Status::Usage("--kid: longer than 256 bytes");
  for (unsigned char c : kid) {
    if (c < 0x20 || c == 0x7f) return Status::Usage("--kid: control characters are not allowed");
  }
  return Status::Ok();
}

Alg AlgFlag(const std::string& text) { return ParseAlg(text).value_or(Alg::kEdDSA); }

std::string_view KeyTypeName(KeyKind kind) { return kind == KeyKind::kEd25519 ? "Ed25519" : "HS256"; }

Status WriteStdoutLine(std::string_view line, bool flush) {
  bool ok = std::fwrite(line.data(), 1, line.size(), stdout) == line.size() && std::fputc('\n', stdout) != EOF;
  if (ok && flush) ok = std::fflush(stdout) == 0;
  if (ok) return Status::Ok();
  int error = errno;
  if (error == EPIPE) MarkReaderGone();
  return Status::IoErr("write error: " + std::string(std::strerror(error)));
}

}  // namespace evt::token
