#include "tools/token/jwks.h"

#include <utility>

#include "common/json_parse.h"
#include "tools/token/jwk.h"

namespace evt::token {
namespace {

Status At(std::string_view source, std::size_t index, const std::string& message) {
  return Status::DataErr(std::string(source) + ": keys[" + std::to_string(index) + "]: " + message);
}

// A JWK carrying secret material: a private "d" (OKP, EC, RSA) or an oct
// key's "k".
const char* SecretMember(const Value& jwk) {
  if (jwk.find("d") != nullptr) return "d";
  if (jwk.find("k") != nullptr) return "k";
  return nullptr;
}

// Loads keys[index] into `out`, or says why it is skipped.
Status LoadOne(const Value& jwk, std::size_t index, std::string_view source, SecretKeys secrets, LoadedJwks& out) {
  if (!jwk.is_object()) return At(source, index, "expected an object, got " + std::string(jwk.type_name()));
  const Value* kty = jwk.find("kty");
  if (kty == nullptr) return At(source, index, "\"kty\": missing");
  if (!kty->is_string()) return At(source, index, "\"kty\": expected a string, got " + std::string(kty->type_name()));
  const char* secret = SecretMember(jwk);
  if (secret != nullptr && secrets == SecretKeys::kRefuse) {
    return At(source, index, "\"" + std::string(secret) +
                                 "\": secret key material in a public key set; a verifier holds public keys only");
  }
  if (std::string why = UnsupportedJwkReason(jwk); !why.empty()) {
    out.skipped.push_back("keys[" + std::to_string(index) + "]: " + why);
    return Status::Ok();
  }
  Result<Key> key = KeyFromJwk(jwk);
  if (!key.ok()) return At(source, index, key.status().message());
  Status added = out.keys.Add(std::move(*key));
  if (!added.ok()) return At(source, index, added.message());
  return Status::Ok();
}

}  // namespace

Result<LoadedJwks> JwksFromValue(const Value& doc, std::string_view source, SecretKeys secrets) {
  if (!doc.is_object()) {
    return Status::DataErr(std::string(source) + ": expected a JWK set object, got " + std::string(doc.type_name()));
  }
  const Value* keys = doc.find("keys");
  if (keys == nullptr) return Status::DataErr(std::string(source) + ": \"keys\": missing");
  if (!keys->is_array()) {
    return Status::DataErr(std::string(source) + ": \"keys\": expected an array, got " + std::string(keys->type_name()));
  }
  LoadedJwks out;
  const Array& items = keys->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    EVT_RETURN_IF_ERROR(LoadOne(items[i], i, source, secrets, out));
  }
  return out;
}

Result<LoadedJwks> ParseJwks(std::string_view text, std::string_view source, SecretKeys secrets) {
  Result<Value> doc = ParseJson(text, source);
  if (!doc.ok()) return doc.status();
  return JwksFromValue(*doc, source, secrets);
}

Value PublicJwks(const KeySet& keys) {
  Value list = Value::array();
  for (const Key& key : keys.keys()) {
    Result<Value> jwk = PublicJwk(key);
    if (jwk.ok()) list.push_back(std::move(*jwk));
  }
  return Value::object({{"keys", std::move(list)}});
}

}  // namespace evt::token
