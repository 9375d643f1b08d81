// An HS256 secret (RFC 7518 §3.2) with its HMAC state prepared once, so each
// MAC only hashes the message. Secrets shorter than the hash (256 bits) are
// refused, as RFC 7518 requires.
//
// Thread-compatible, not thread-safe: Mac and Verify reuse one libcrypto
// context, so give each thread its own copy (copying duplicates it).
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tools/token/secret_bytes.h"

namespace evt::token {

class HmacKey {
 public:
  static constexpr std::size_t kMinSecretBytes = 32;
  static constexpr std::size_t kMacBytes = 32;

  // Fails (DataErr) on a secret under 32 bytes.
  static Result<HmacKey> FromSecret(std::string_view secret);
  // 32 bytes from the system's random generator.
  static Result<HmacKey> Generate();

  HmacKey(const HmacKey& other);
  HmacKey& operator=(const HmacKey& other);
  HmacKey(HmacKey&&) noexcept = default;
  HmacKey& operator=(HmacKey&&) noexcept = default;
  ~HmacKey();

  // The raw secret: the JWK "k". Deliberately not printable.
  const SecretBytes& secret() const { return secret_; }

  // HMAC-SHA256 of `message`: 32 bytes.
  Result<std::string> Mac(std::string_view message) const;
  // True when `tag` is the MAC of `message`, compared in constant time.
  bool Verify(std::string_view message, std::string_view tag) const;

 private:
  struct CtxFree {
    void operator()(EVP_MAC_CTX* ctx) const;
  };
  using Ctx = std::unique_ptr<EVP_MAC_CTX, CtxFree>;
  HmacKey(SecretBytes secret, Ctx ctx);
  // Writes the 32-byte MAC to out; false when libcrypto fails.
  bool MacInto(std::string_view message, unsigned char* out) const;

  SecretBytes secret_;
  Ctx ctx_;  // keyed once; re-initialised (not re-keyed) per message
};

}  // namespace evt::token
