#include "tools/token/hmac_key.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <utility>

#include "tools/token/constant_time.h"
#include "tools/token/ed25519_key.h"

namespace evt::token {
namespace {

// Fetched once: fetching looks the algorithm up in the provider store,
// which is too slow to repeat per token.
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

}  // namespace

void HmacKey::CtxFree::operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }

HmacKey::HmacKey(SecretBytes secret, Ctx ctx) : secret_(std::move(secret)), ctx_(std::move(ctx)) {}

Result<HmacKey> HmacKey::FromSecret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes) {
    return Status::DataErr("HS256 secret: expected at least 32 bytes (256 bits), got " +
                           std::to_string(secret.size()));
  }
  if (HmacAlgorithm() == nullptr) return Status::Internal("hmac: " + TakeOpenSslError());
  Ctx ctx(EVP_MAC_CTX_new(HmacAlgorithm()));
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                           params) != 1) {
    return Status::Internal("hmac: cannot prepare the key: " + TakeOpenSslError());
  }
  return HmacKey(SecretBytes(secret), std::move(ctx));
}

Result<HmacKey> HmacKey::Generate() {
  std::string secret(kMinSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1) {
    return Status::Internal("hmac: no randomness: " + TakeOpenSslError());
  }
  Result<HmacKey> key = FromSecret(secret);
  WipeString(secret);
  return key;
}

HmacKey::HmacKey(const HmacKey& other) : secret_(other.secret_), ctx_(EVP_MAC_CTX_dup(other.ctx_.get())) {}

HmacKey& HmacKey::operator=(const HmacKey& other) {
  if (this != &other) {
    secret_ = other.secret_;
    ctx_.reset(EVP_MAC_CTX_dup(other.ctx_.get()));
  }
  return *this;
}

HmacKey::~HmacKey() = default;

bool HmacKey::MacInto(std::string_view message, unsigned char* out) const {
  std::size_t len = 0;
  // A null key re-initialises from the prepared inner and outer pads.
  bool ok = ctx_ && EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) == 1 &&
            EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1 &&
            EVP_MAC_final(ctx_.get(), out, &len, kMacBytes) == 1 && len == kMacBytes;
  if (!ok) ERR_clear_error();
  return ok;
}

Result<std::string> HmacKey::Mac(std::string_view message) const {
  std::string tag(kMacBytes, '\0');
  if (!MacInto(message, reinterpret_cast<unsigned char*>(tag.data()))) {
    return Status::Internal("hmac: computing the MAC failed");
  }
  return tag;
}

bool HmacKey::Verify(std::string_view message, std::string_view tag) const {
  unsigned char expected[kMacBytes];
  if (!MacInto(message, expected)) return false;
  bool equal = ConstantTimeEqual(std::string_view(reinterpret_cast<const char*>(expected), kMacBytes), tag);
  OPENSSL_cleanse(expected, sizeof expected);
  return equal;
}

}  // namespace evt::token
