// An Ed25519 key (RFC 8032) parsed once into libcrypto's EVP_PKEY, so
// signing and verifying never parse key bytes again. Copies share the same
// immutable EVP_PKEY; the last one frees it (libcrypto wipes the private
// half).
//
// Thread-compatible, not thread-safe: Verify reuses one libcrypto context
// bound to the key (setting one up fetches the algorithm from the provider,
// a cost as large as a tenth of the verify itself), so give each thread its
// own copy (a copy prepares its own context).
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tools/token/secret_bytes.h"

namespace evt::token {

class Ed25519Key {
 public:
  static constexpr std::size_t kSeedBytes = 32;
  static constexpr std::size_t kPublicBytes = 32;
  static constexpr std::size_t kSignatureBytes = 64;

  // A private key from its 32-byte seed (the JWK "d").
  static Result<Ed25519Key> FromSeed(std::string_view seed);
  // A public key from its 32-byte encoding (the JWK "x"). Fails on bytes
  // that are not a point libcrypto accepts.
  static Result<Ed25519Key> FromPublic(std::string_view x);
  // A new private key from the system's random generator.
  static Result<Ed25519Key> Generate();
  // Takes ownership of `pkey` (freed even on failure). Fails unless it is
  // an Ed25519 key.
  static Result<Ed25519Key> Adopt(EVP_PKEY* pkey);

  Ed25519Key(const Ed25519Key& other);
  Ed25519Key& operator=(const Ed25519Key& other);
  Ed25519Key(Ed25519Key&& other) noexcept;
  Ed25519Key& operator=(Ed25519Key&& other) noexcept;
  ~Ed25519Key();

  bool has_private() const { return has_private_; }
  // The 32-byte public key: the JWK "x".
  const std::string& public_bytes() const { return public_; }
  // REQUIRES: has_private(). The 32-byte seed: the JWK "d".
  Result<SecretBytes> seed() const;
  // The same key without its private half.
  Result<Ed25519Key> PublicOnly() const;

  // REQUIRES: has_private(). The 64-byte signature of `message`.
  Result<std::string> Sign(std::string_view message) const;
  // True only for a valid signature of `message` under this key. libcrypto
  // applies RFC 8032 §5.1.7 strictly: S >= L, a non-canonical R or A, and
  // any length but 64 are rejected.
  bool Verify(std::string_view message, std::string_view signature) const;

  // Borrowed, for PEM export. Null only in a moved-from key.
  EVP_PKEY* pkey() const { return pkey_; }

 private:
  struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const;
  };
  using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

  Ed25519Key(EVP_PKEY* pkey, bool has_private, std::string public_bytes);
  // EVP_DigestVerifyInit or EVP_DigestSignInit.
  using DigestInit = int (*)(EVP_MD_CTX*, EVP_PKEY_CTX**, const EVP_MD*, ENGINE*, EVP_PKEY*);
  // The context in `slot` that Verify or Sign re-arms for each signature,
  // made and bound to `pkey` by `init` on first use; null if libcrypto
  // could not set it up.
  static EVP_MD_CTX* BoundContext(MdCtx& slot, EVP_PKEY* pkey, DigestInit init);

  EVP_PKEY* pkey_;
  bool has_private_;
  std::string public_;
  mutable MdCtx verify_ctx_;
  mutable MdCtx sign_ctx_;
};

// The last libcrypto error, for messages ("unknown error" when none), and
// clears the queue so the next failure reports its own cause.
std::string TakeOpenSslError();

}  // namespace evt::token
