#include "tools/token/jwk.h"

#include <utility>

#include "common/quoted.h"
#include "tools/token/base64url.h"

namespace evt::token {
namespace {

Status WrongType(std::string_view member, std::string_view expected, const Value& got) {
  return Status::DataErr("\"" + std::string(member) + "\": expected " + std::string(expected) + ", got " +
                         std::string(got.type_name()));
}

// The decoded bytes of a required base64url member.
Result<std::string> Bytes(const Value& jwk, std::string_view member) {
  const Value* v = jwk.find(member);
  if (v == nullptr) return Status::DataErr("\"" + std::string(member) + "\": missing");
  if (!v->is_string()) return WrongType(member, "a base64url string", *v);
  return Base64UrlDecode(v->as_string(), "\"" + std::string(member) + "\"");
}

// The kid member, or "" (meaning: the thumbprint) when absent.
Result<std::string> Kid(const Value& jwk) {
  const Value* kid = jwk.find("kid");
  if (kid == nullptr) return std::string();
  if (!kid->is_string()) return WrongType("kid", "a string", *kid);
  if (kid->as_string().empty()) return Status::DataErr("\"kid\": expected a non-empty string");
  return kid->as_string();
}

Result<Key> Ed25519FromJwk(const Value& jwk, std::string kid) {
  Result<std::string> x = Bytes(jwk, "x");
  if (!x.ok()) return x.status();
  if (jwk.find("d") == nullptr) {
    Result<Ed25519Key> pub = Ed25519Key::FromPublic(*x);
    if (!pub.ok()) return pub.status();
    return Key(std::move(*pub), std::move(kid));
  }
  Result<std::string> d = Bytes(jwk, "d");
  if (!d.ok()) return d.status();
  Result<Ed25519Key> priv = Ed25519Key::FromSeed(*d);
  WipeString(*d);
  if (!priv.ok()) return priv.status();
  if (priv->public_bytes() != *x) return Status::DataErr("\"d\": does not match \"x\" (not the same key pair)");
  return Key(std::move(*priv), std::move(kid));
}

Result<Key> OctFromJwk(const Value& jwk, std::string kid) {
  Result<std::string> k = Bytes(jwk, "k");
  if (!k.ok()) return k.status();
  Result<HmacKey> secret = HmacKey::FromSecret(*k);
  WipeString(*k);
  if (!secret.ok()) return secret.status().Prefixed("\"k\"");
  return Key(std::move(*secret), std::move(kid));
}

bool AlgFits(std::string_view kty, std::string_view alg) {
  if (kty == "OKP") return alg == "EdDSA" || alg == "Ed25519";
  return alg == "HS256";
}

}  // namespace

std::string UnsupportedJwkReason(const Value& jwk) {
  const std::string& kty = jwk.find("kty")->as_string();
  if (kty != "OKP" && kty != "oct") return "\"kty\": " + QuotedForMessage(kty) + " is not supported (expected \"OKP\" or \"oct\")";
  const Value* crv = jwk.find("crv");
  if (kty == "OKP" && crv != nullptr && crv->is_string() && crv->as_string() != "Ed25519") {
    return "\"crv\": " + QuotedForMessage(crv->as_string()) + " is not supported (expected \"Ed25519\")";
  }
  const Value* use = jwk.find("use");
  if (use != nullptr && use->is_string() && use->as_string() != "sig") {
    return "\"use\": " + QuotedForMessage(use->as_string()) + " is not a signature key";
  }
  const Value* alg = jwk.find("alg");
  if (alg != nullptr && alg->is_string() && !AlgFits(kty, alg->as_string())) {
    return "\"alg\": " + QuotedForMessage(alg->as_string()) + " is not supported for kty " + QuotedForMessage(kty);
  }
  return "";
}

Result<Key> KeyFromJwk(const Value& jwk) {
  if (!jwk.is_object()) return WrongType("jwk", "an object", jwk);
  const Value* kty = jwk.find("kty");
  if (kty == nullptr) return Status::DataErr("\"kty\": missing");
  if (!kty->is_string()) return WrongType("kty", "a string", *kty);
  for (const char* member : {"crv", "use", "alg"}) {
    const Value* v = jwk.find(member);
    if (v != nullptr && !v->is_string()) return WrongType(member, "a string", *v);
  }
  if (std::string why = UnsupportedJwkReason(jwk); !why.empty()) return Status::DataErr(why);
  Result<std::string> kid = Kid(jwk);
  if (!kid.ok()) return kid.status();
  if (kty->as_string() == "oct") return OctFromJwk(jwk, std::move(*kid));
  if (jwk.find("crv") == nullptr) return Status::DataErr("\"crv\": missing");
  return Ed25519FromJwk(jwk, std::move(*kid));
}

Result<Value> PublicJwk(const Key& key) {
  const Ed25519Key* ed = key.ed25519();
  if (ed == nullptr) return Status::Usage("key " + QuotedForMessage(key.kid()) + ": an HS256 secret has no public JWK");
  return Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64UrlEncode(ed->public_bytes())},
                        {"kid", key.kid()}, {"use", "sig"}});
}

Result<Value> PrivateJwk(const Key& key) {
  if (const HmacKey* hmac = key.hmac()) {
    return Value::object({{"kty", "oct"}, {"k", Base64UrlEncode(hmac->secret().view())}, {"kid", key.kid()},
                          {"alg", "HS256"}, {"use", "sig"}});
  }
  Result<SecretBytes> d = key.ed25519()->seed();
  if (!d.ok()) return d.status().Prefixed("key " + QuotedForMessage(key.kid()));
  Result<Value> jwk = PublicJwk(key);
  jwk->set("d", Base64UrlEncode(d->view()));
  return jwk;
}

}  // namespace evt::token
