// evt-token sign: claims in, compact tokens out.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "tools/token/commands.h"
#include "tools/token/signer.h"

namespace evt::token {
namespace {

// What every token of this run gets besides its own claims.
struct SignPlan {
  SignOptions options;
  std::optional<std::string> default_iss, default_aud;  // when the claims lack them
  std::optional<std::string> iss, aud, sub;             // flags: always set
};

Result<SignPlan> Plan(const CommandContext& ctx, const SignArgs& args) {
  SignPlan plan;
  plan.options.ttl = ctx.config.ttl;
  if (!args.ttl.empty()) {
    Result<std::chrono::seconds> ttl = SecondsFlag("--ttl", args.ttl, false);
    if (!ttl.ok()) return ttl.status();
    plan.options.ttl = *ttl;
  }
  if (!args.alg.empty()) plan.options.alg = AlgFlag(args.alg);
  if (!args.typ.empty()) plan.options.typ = args.typ;
  plan.default_iss = ctx.config.issuer;
  plan.default_aud = ctx.config.audience;
  if (!args.iss.empty()) plan.iss = args.iss;
  if (!args.aud.empty()) plan.aud = args.aud;
  if (!args.sub.empty()) plan.sub = args.sub;
  return plan;
}

void ApplyPlan(const SignPlan& plan, Value& claims) {
  if (plan.default_iss && claims.find("iss") == nullptr) claims.set("iss", *plan.default_iss);
  if (plan.default_aud && claims.find("aud") == nullptr) claims.set("aud", *plan.default_aud);
  if (plan.iss) claims.set("iss", *plan.iss);
  if (plan.aud) claims.set("aud", *plan.aud);
  if (plan.sub) claims.set("sub", *plan.sub);
}

// Signs claims objects with the ring's active key, noting each new latest
// "exp" in the ring before the token that carries it is handed out, so a
// rotation never drops a key that still has live tokens.
class Signer {
 public:
  Signer(const CommandContext& ctx, KeyRing& ring, RingEntry signer, SignPlan plan)
      : ctx_(ctx), ring_(ring), signer_(std::move(signer)), plan_(std::move(plan)), writer_(stdout) {}

  Status SignOne(Value claims, std::optional<std::size_t> line) {
    if (!claims.is_object()) {
      return Status::DataErr("claims: expected an object, got " + std::string(claims.type_name()));
    }
    ApplyPlan(plan_, claims);
    TimePoint now = ctx_.clock.Now();
    std::int64_t iat = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
    if (claims.find("iat") == nullptr) claims.set("iat", iat);
    if (claims.find("exp") == nullptr) claims.set("exp", iat + plan_.options.ttl.count());
    Result<std::string> token = SignToken(claims, signer_.key, plan_.options, now);
    if (!token.ok()) return token.status();
    EVT_RETURN_IF_ERROR(NoteExp(*claims.find("exp")));
    return Emit(*token, claims, line);
  }

 private:
  Status NoteExp(const Value& exp) {
    auto seconds = static_cast<std::int64_t>(std::ceil(std::min(exp.as_double(), 9.2e18)));
    if (signer_.last_exp && *signer_.last_exp >= seconds) return Status::Ok();
    EVT_RETURN_IF_ERROR(ring_.NoteSigned(signer_.key.kid(), seconds));
    signer_.last_exp = seconds;
    return Status::Ok();
  }

  Status Emit(const std::string& token, const Value& claims, std::optional<std::size_t> line) {
    if (!ctx_.common->json) return WriteStdoutLine(token, true);
    Value record = ctx_.Envelope("token");
    record.set("token", token);
    record.set("kid", signer_.key.kid());
    record.set("alg", AlgName(plan_.options.alg.value_or(signer_.key.default_alg())));
    if (const Value* jti = claims.find("jti"); jti && jti->is_string()) record.set("jti", *jti);
    record.set("issued_at", TimeOf(*claims.find("iat")));
    record.set("expires_at", TimeOf(*claims.find("exp")));
    if (line) record.set("line", *line);
    return writer_.Write(record);
  }

  static std::string TimeOf(const Value& seconds) {
    double s = std::clamp(seconds.as_double(), 0.0, 253402300799.0);
    return FormatRfc3339(TimePoint(std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000))));
  }

  const CommandContext& ctx_;
  KeyRing& ring_;
  RingEntry signer_;
  SignPlan plan_;
  RecordWriter writer_;
};

Result<Value> ClaimsFlag(const std::string& text) {
  if (text.rfind('@', 0) == 0) return ParseJsonFile(text.substr(1));
  return ParseJson(text, "--claims");
}

Status SignStdin(const CommandContext& ctx, Signer& signer) {
  JsonlReader reader(STDIN_FILENO);
  RecordWriter errors(stdout);
  RecordInput input(reader, *ctx.common, errors, ctx.clock);
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    Status signed_one = signer.SignOne(std::move((*next)->value), (*next)->line);
    if (!signed_one.ok()) {
      if (signed_one.code() != ExitCode::kDataErr) return signed_one;
      return signed_one.Prefixed("<stdin>:" + std::to_string((*next)->line));
    }
  }
  input.ReportAtEnd();
  return Status::Ok();
}

}  // namespace

Status RunSign(const CommandContext& ctx, const SignArgs& args) {
  Result<SignPlan> plan = Plan(ctx, args);
  if (!plan.ok()) return plan.status();
  std::optional<Value> claims;
  if (!args.claims.empty()) {
    Result<Value> parsed = ClaimsFlag(args.claims);
    if (!parsed.ok()) return parsed.status();
    claims = std::move(*parsed);
  }
  Result<KeyRing> ring = ctx.OpenRing();
  if (!ring.ok()) return ring.status();
  KeyKind kind = plan->options.alg == Alg::kHS256 ? KeyKind::kHmac : KeyKind::kEd25519;
  Result<std::optional<RingEntry>> active = ring->Active(kind);
  if (!active.ok()) return active.status();
  if (!active->has_value()) {
    return Status::NoInput("no active " + std::string(KeyTypeName(kind)) + " key in the ring: run evt-token keys new" +
                           (kind == KeyKind::kHmac ? " --alg HS256" : ""));
  }
  Signer signer(ctx, *ring, std::move(**active), std::move(*plan));
  if (claims) return signer.SignOne(std::move(*claims), std::nullopt);
  return SignStdin(ctx, signer);
}

}  // namespace evt::token
