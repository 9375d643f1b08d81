#include "tools/token/verify_setup.h"

#include "common/json_parse.h"
#include "common/messages.h"
#include "tools/token/jwks.h"

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

}  // namespace

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

}  // namespace evt::token
