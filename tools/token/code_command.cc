// evt-token code: the rotating code a wallet shows beside its ticket now:
// the bare digits, or with --json a scan.code record.
// Only the ticket's jti is read (not verified): the code is derived from
// the code key, which is what makes it worth anything.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "tools/token/jws.h"
#include "tools/token/scan_setup.h"
#include "tools/token/token_lines.h"
#include "tools/token/totp.h"

namespace evt::token {
namespace {

Result<std::string> TicketText(const CodeArgs& args) {
  if (!args.token.empty()) return args.token;
  TokenLineReader reader(STDIN_FILENO);
  Result<std::optional<TokenLine>> line = reader.Next();
  if (!line.ok()) return line.status();
  if (!line->has_value()) return Status::NoInput("no ticket on standard input");
  if ((*line)->too_long) return Status::DataErr("<stdin>:1: token: longer than " + std::to_string(kMaxTokenBytes) + " bytes");
  return (*line)->text;
}

Result<std::string> JtiOf(std::string_view token) {
  Result<DecodedJws> decoded = DecodeCompact(token);
  if (!decoded.ok()) return decoded.status().Prefixed("token");
  Result<Value> claims = ParseJson(decoded->payload, "token payload");
  if (!claims.ok() || !claims->is_object()) return Status::DataErr("token: the payload is not a JSON object");
  const Value* jti = claims->find("jti");
  if (jti == nullptr || !jti->is_string() || jti->as_string().empty()) {
    return Status::DataErr("token: \"jti\": missing; a rotating code needs the ticket's jti");
  }
  return jti->as_string();
}

}  // namespace

Status RunCode(const CommandContext& ctx, const CodeArgs& args) {
  TimePoint at = ctx.clock.Now();
  if (!args.at.empty()) {
    Result<TimePoint> parsed = ParseRfc3339(args.at);
    if (!parsed.ok()) return Status::Usage("--at: " + parsed.status().message());
    at = *parsed;
  }
  Result<std::optional<Secret>> key = OptionalCodeKey(ctx);
  if (!key.ok()) return key.status();
  if (!key->has_value()) return ReadCodeKey(ctx.config).status();
  Result<std::string> token = TicketText(args);
  if (!token.ok()) return token.status();
  Result<std::string> jti = JtiOf(SplitShownTicket(*token).token);
  if (!jti.ok()) return jti.status();
  Result<std::string> secret = TicketCodeSecret((*key)->bytes(), *jti);
  if (!secret.ok()) return secret.status();
  std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  std::int64_t step = TotpStep(seconds, ctx.config.code_step.count());
  Result<std::string> code = Hotp(*secret, static_cast<std::uint64_t>(step), kTicketCodeDigits);
  if (!code.ok()) return code.status();
  if (!ctx.common->json) return WriteStdoutLine(*code, true);
  // With --json, what a wallet needs to show it: until when it holds.
  std::int64_t step_s = ctx.config.code_step.count();
  Value record = ctx.Envelope("scan.code");
  record.set("jti", *jti);
  record.set("code", *code);
  record.set("step", step);
  record.set("step_ms", step_s * 1000);
  record.set("valid_from", FormatRfc3339(TimePoint(std::chrono::seconds(step * step_s))));
  record.set("valid_until", FormatRfc3339(TimePoint(std::chrono::seconds((step + 1) * step_s))));
  Result<std::string> json = ToJson(record);
  if (!json.ok()) return json.status();
  return WriteStdoutLine(*json, true);
}

}  // namespace evt::token
