#include "tools/token/key.h"

#include <utility>

#include "common/quoted.h"
#include "tools/token/jwk_thumbprint.h"

namespace evt::token {

Key::Key(Ed25519Key key, std::string kid)
    : key_(std::move(key)), thumbprint_(Ed25519Thumbprint(std::get<Ed25519Key>(key_).public_bytes())),
      kid_(kid.empty() ? thumbprint_ : std::move(kid)) {}

Key::Key(HmacKey key, std::string kid)
    : key_(std::move(key)), thumbprint_(OctThumbprint(std::get<HmacKey>(key_).secret().view())),
      kid_(kid.empty() ? thumbprint_ : std::move(kid)) {}

std::string_view Key::kind_name() const {
  return kind() == KeyKind::kEd25519 ? "an Ed25519 key" : "an HS256 secret";
}

bool Key::can_sign() const {
  if (const Ed25519Key* ed = ed25519()) return ed->has_private();
  return true;
}

bool Key::Admits(Alg alg) const {
  if (kind() == KeyKind::kEd25519) return alg == Alg::kEdDSA || alg == Alg::kEd25519;
  return alg == Alg::kHS256;
}

Alg Key::default_alg() const { return kind() == KeyKind::kEd25519 ? Alg::kEdDSA : Alg::kHS256; }

Result<std::string> Key::Sign(Alg alg, std::string_view signing_input) const {
  if (!Admits(alg)) {
    return Status::Usage("key " + QuotedForMessage(kid_) + ": " + std::string(kind_name()) + " cannot sign " +
                         std::string(AlgName(alg)));
  }
  if (const Ed25519Key* ed = ed25519()) return ed->Sign(signing_input);
  return hmac()->Mac(signing_input);
}

bool Key::Verify(Alg alg, std::string_view signing_input, std::string_view signature) const {
  if (!Admits(alg)) return false;
  if (const Ed25519Key* ed = ed25519()) return ed->Verify(signing_input, signature);
  return hmac()->Verify(signing_input, signature);
}

Result<Key> Key::PublicOnly() const {
  const Ed25519Key* ed = ed25519();
  if (ed == nullptr) return Status::Usage("key " + QuotedForMessage(kid_) + ": an HS256 secret has no public part");
  Result<Ed25519Key> pub = ed->PublicOnly();
  if (!pub.ok()) return pub.status();
  return Key(std::move(*pub), kid_);
}

}  // namespace evt::token
