#include "tools/token/signer.h"

#include <openssl/rand.h>

#include <utility>

#include "common/json_writer.h"
#include "common/quoted.h"
#include "tools/token/base64url.h"
#include "tools/token/claims_check.h"
#include "tools/token/ed25519_key.h"
#include "tools/token/jws.h"

namespace evt::token {
namespace {

Status CheckSignable(const Key& key, Alg alg, const SignOptions& options) {
  if (!key.can_sign()) return Status::Usage("key " + QuotedForMessage(key.kid()) + ": a public key cannot sign");
  if (!key.Admits(alg)) {
    return Status::Usage("key " + QuotedForMessage(key.kid()) + ": " + std::string(key.kind_name()) + " cannot sign " +
                         std::string(AlgName(alg)));
  }
  if (options.ttl.count() <= 0) return Status::Usage("ttl: expected a positive duration");
  return Status::Ok();
}

// A time claim evt would refuse at the gate is refused here, when signing.
Status CheckGivenClaim(const Value& claims, std::string_view name, bool want_number) {
  const Value* v = claims.find(name);
  if (v == nullptr || (want_number ? IsNumericDate(*v) : v->is_string())) return Status::Ok();
  if (want_number) return Status::DataErr(NumericDateError(name, *v));
  return Status::DataErr("\"" + std::string(name) + "\": expected " + (want_number ? "a number" : "a string") +
                         ", got " + std::string(v->type_name()));
}

Status AddStandardClaims(Value& claims, const SignOptions& options, TimePoint now) {
  if (!claims.is_object()) return Status::DataErr("claims: expected an object, got " + std::string(claims.type_name()));
  EVT_RETURN_IF_ERROR(CheckGivenClaim(claims, "iat", true));
  EVT_RETURN_IF_ERROR(CheckGivenClaim(claims, "exp", true));
  EVT_RETURN_IF_ERROR(CheckGivenClaim(claims, "jti", false));
  std::int64_t iat = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  if (claims.find("iat") == nullptr) claims.set("iat", iat);
  if (claims.find("exp") == nullptr) claims.set("exp", iat + options.ttl.count());
  if (claims.find("jti") == nullptr) {
    Result<std::string> jti = NewJti();
    if (!jti.ok()) return jti.status();
    claims.set("jti", std::move(*jti));
  }
  return Status::Ok();
}

Value Header(Alg alg, const Key& key, const SignOptions& options) {
  Value header = Value::object({{"alg", AlgName(alg)}});
  if (options.typ) header.set("typ", *options.typ);
  header.set("kid", key.kid());
  return header;
}

}  // namespace

// Never starting with "-": staff type a jti after `evt-token revoke`, where
// it would read as an option. One draw in 64 is drawn again.
Result<std::string> NewJti() {
  while (true) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Internal("jti: no randomness: " + TakeOpenSslError());
    std::string jti = Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
    if (jti.front() != '-') return jti;
  }
}

Result<std::string> SignToken(Value claims, const Key& key, const SignOptions& options, TimePoint now) {
  Alg alg = options.alg.value_or(key.default_alg());
  EVT_RETURN_IF_ERROR(CheckSignable(key, alg, options));
  EVT_RETURN_IF_ERROR(AddStandardClaims(claims, options, now));
  Result<std::string> header_json = ToJson(Header(alg, key, options));
  if (!header_json.ok()) return header_json.status();
  Result<std::string> payload = ToJson(claims);
  if (!payload.ok()) return payload.status();
  return SignCompactRaw(*header_json, *payload, key, alg);
}

}  // namespace evt::token
