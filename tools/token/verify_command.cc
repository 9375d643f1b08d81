// evt-token verify: one verdict per token; exit 1 unless every one is ok.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/table.h"
#include "tools/token/commands.h"
#include "tools/token/jws.h"
#include "tools/token/jwks.h"
#include "tools/token/token_lines.h"
#include "tools/token/verifier.h"

namespace evt::token {
namespace {

Result<KeySet> KeysFromJwksFile(const std::string& path) {
  Result<Value> doc = ParseJsonFile(path);
  if (!doc.ok()) return doc.status();
  Result<LoadedJwks> loaded = JwksFromValue(*doc, path, SecretKeys::kRefuse);
  if (!loaded.ok()) return loaded.status();
  for (const std::string& skipped : loaded->skipped) PrintWarning(path + ": " + skipped + "; skipped");
  return std::move(loaded->keys);
}

// The --jwks file or token.jwks when given (a gate holds no private key),
// else the ring's verifying keys.
Result<KeySet> VerificationKeys(const CommandContext& ctx, const VerifyArgs& args, std::string& source) {
  std::optional<std::string> jwks = args.jwks.empty() ? ctx.config.jwks : std::optional<std::string>(args.jwks);
  Result<KeySet> keys = Status::Internal("unset");
  if (jwks) {
    source = *jwks;
    keys = KeysFromJwksFile(*jwks);
  } else {
    Result<KeyRing> ring = ctx.OpenRing();
    if (!ring.ok()) return ring.status();
    source = "the key ring";
    keys = ring->VerificationKeys(ctx.clock.Now());
  }
  if (keys.ok() && keys->empty()) {
    return Status::NoInput("no keys to verify with in " + source + ": run evt-token keys new, or pass --jwks FILE");
  }
  return keys;
}

// Every algorithm some key of the set admits: a token cannot pick HS256
// against a set of Ed25519 keys, whatever its header says.
std::vector<Alg> AlgsAdmitted(const KeySet& keys) {
  std::vector<Alg> out;
  for (Alg alg : {Alg::kEdDSA, Alg::kEd25519, Alg::kHS256}) {
    for (const Key& key : keys.keys()) {
      if (key.Admits(alg)) {
        out.push_back(alg);
        break;
      }
    }
  }
  return out;
}

Result<VerifyOptions> Policy(const CommandContext& ctx, const VerifyArgs& args, const KeySet& keys) {
  VerifyOptions o;
  o.header.algorithms.clear();
  for (const std::string& name : args.alg) o.header.algorithms.push_back(AlgFlag(name));
  if (args.alg.empty()) o.header.algorithms = AlgsAdmitted(keys);
  if (!args.typ.empty()) o.header.typ = args.typ;
  o.claims.audiences = args.aud;
  if (args.aud.empty() && ctx.config.audience) o.claims.audiences = {*ctx.config.audience};
  o.claims.issuers = args.iss;
  if (args.iss.empty() && ctx.config.issuer) o.claims.issuers = {*ctx.config.issuer};
  o.claims.leeway = ctx.config.leeway;
  if (!args.leeway.empty()) {
    Result<std::chrono::seconds> leeway = SecondsFlag("--leeway", args.leeway, true);
    if (!leeway.ok()) return leeway.status();
    o.claims.leeway = *leeway;
  }
  o.claims.required = args.require;
  if (!args.max_age.empty()) {
    Result<std::chrono::seconds> age = SecondsFlag("--max-age", args.max_age, false);
    if (!age.ok()) return age.status();
    o.claims.max_age = *age;
  }
  Status valid = ValidateClaimsPolicy(o.claims);
  if (!valid.ok()) return Status::Usage(valid.message());
  return o;
}

// Writes verdicts as records, or gathers them into a table for a terminal.
class VerdictOutput {
 public:
  explicit VerdictOutput(const CommandContext& ctx) : ctx_(ctx), writer_(stdout, FlushPolicy::kBuffered) {
    table_.AddColumn("#", Align::kRight);
    table_.AddColumn("verdict");
    table_.AddColumn("kid");
    table_.AddColumn("detail");
  }

  Status Add(Verdict v, std::size_t line) {
    ++total_;
    if (!v.ok()) ++failed_;
    if (!ctx_.records) {
      AddRow(v, line);
      return Status::Ok();
    }
    Value record = ctx_.Envelope("verdict");
    record.set("ok", v.ok());
    record.set("reason", ReasonName(v.reason));
    if (!v.detail.empty()) record.set("detail", v.detail);
    if (!v.kid.empty()) record.set("kid", v.kid);
    if (const Value* alg = v.header.find("alg"); alg && alg->is_string() && ParseAlg(alg->as_string())) {
      record.set("alg", *alg);
    }
    if (v.ok()) record.set("claims", std::move(v.claims));
    record.set("line", line);
    return writer_.Write(record);
  }

  // Pushes what is buffered to the reader: called before waiting for
  // input, so a gate reading verdicts one by one never waits on ours.
  Status Flush() { return ctx_.records ? writer_.Flush() : Status::Ok(); }

  Status Finish() {
    EVT_RETURN_IF_ERROR(Flush());
    if (!ctx_.records && total_ > 0) std::cout << table_.Render(ctx_.color, 0) << std::flush;
    if (failed_ == 0) return Status::Ok();
    return Status::CheckFailed(ctx_.records ? ""
                                            : std::to_string(failed_) + " of " + std::to_string(total_) +
                                                  " tokens did not verify");
  }

 private:
  void AddRow(const Verdict& v, std::size_t line) {
    std::string detail = v.detail;
    if (v.ok()) {
      const Value* sub = v.claims.find("sub");
      if (sub && sub->is_string()) detail = "sub " + sub->as_string();
    }
    table_.AddRow({std::to_string(line), {std::string(ReasonName(v.reason)), v.ok() ? Style::kOk : Style::kBad},
                   v.kid, detail});
  }

  const CommandContext& ctx_;
  RecordWriter writer_;
  Table table_;
  std::size_t total_ = 0;
  std::size_t failed_ = 0;
};

Verdict TooLong() {
  return Verdict::Fail(Reason::kMalformed, "token: longer than " + std::to_string(kMaxTokenBytes) + " bytes");
}

Status VerifyStdin(const CommandContext& ctx, TokenVerifier& verifier, const KeySet& keys, VerdictOutput& out) {
  TokenLineReader reader(STDIN_FILENO);
  while (true) {
    if (!reader.HasBufferedLine()) EVT_RETURN_IF_ERROR(out.Flush());
    Result<std::optional<TokenLine>> line = reader.Next();
    if (!line.ok()) return line.status();
    if (!line->has_value()) return Status::Ok();
    const TokenLine& t = **line;
    Verdict v = t.too_long ? TooLong() : verifier.Verify(t.text, keys, ctx.clock.Now());
    EVT_RETURN_IF_ERROR(out.Add(std::move(v), t.line));
  }
}

}  // namespace

Status RunVerify(const CommandContext& ctx, const VerifyArgs& args) {
  std::string source;
  Result<KeySet> keys = VerificationKeys(ctx, args, source);
  if (!keys.ok()) return keys.status();
  Result<VerifyOptions> policy = Policy(ctx, args, *keys);
  if (!policy.ok()) return policy.status();
  TokenVerifier verifier(std::move(*policy));
  VerdictOutput out(ctx);
  if (args.tokens.empty()) {
    EVT_RETURN_IF_ERROR(VerifyStdin(ctx, verifier, *keys, out));
  } else {
    for (std::size_t i = 0; i < args.tokens.size(); ++i) {
      EVT_RETURN_IF_ERROR(out.Add(verifier.Verify(args.tokens[i], *keys, ctx.clock.Now()), i + 1));
    }
  }
  return out.Finish();
}

}  // namespace evt::token
