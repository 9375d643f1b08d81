// A signing or verification key with its name (kid) and the algorithms it
// admits. The algorithm is bound to the key: an Ed25519 key admits only
// EdDSA/Ed25519 and an HMAC secret only HS256, whatever a token's header
// says, which is what defeats algorithm confusion (RFC 8725 §2.1).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "common/status.h"
#include "tools/token/algorithm.h"
#include "tools/token/ed25519_key.h"
#include "tools/token/hmac_key.h"

namespace evt::token {

enum class KeyKind { kEd25519, kHmac };

class Key {
 public:
  // An empty kid defaults to the key's RFC 7638 thumbprint.
  explicit Key(Ed25519Key key, std::string kid = "");
  explicit Key(HmacKey key, std::string kid = "");

  KeyKind kind() const { return std::holds_alternative<Ed25519Key>(key_) ? KeyKind::kEd25519 : KeyKind::kHmac; }
  // "an Ed25519 key" or "an HS256 secret", for messages.
  std::string_view kind_name() const;
  const std::string& kid() const { return kid_; }
  // The RFC 7638 thumbprint, whatever the kid is.
  const std::string& thumbprint() const { return thumbprint_; }
  // True when Sign works: an Ed25519 private key or any HMAC secret.
  bool can_sign() const;
  // True when this key holds secret material (a private key or a secret).
  bool is_secret() const { return can_sign(); }

  bool Admits(Alg alg) const;
  // The algorithm it signs with when not told: EdDSA or HS256.
  Alg default_alg() const;

  // Fails (Usage) unless can_sign() and Admits(alg).
  Result<std::string> Sign(Alg alg, std::string_view signing_input) const;
  // False unless Admits(alg) and the signature is valid; HMAC tags are
  // compared in constant time.
  bool Verify(Alg alg, std::string_view signing_input, std::string_view signature) const;

  // The public half under the same kid. Fails (Usage) for an HMAC secret,
  // which has none.
  Result<Key> PublicOnly() const;

  // The underlying key; nullptr unless kind() matches.
  const Ed25519Key* ed25519() const { return std::get_if<Ed25519Key>(&key_); }
  const HmacKey* hmac() const { return std::get_if<HmacKey>(&key_); }

 private:
  std::variant<Ed25519Key, HmacKey> key_;
  std::string thumbprint_;
  std::string kid_;
};

}  // namespace evt::token
