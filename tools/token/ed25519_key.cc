#include "tools/token/ed25519_key.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>
#include <utility>

namespace evt::token {
namespace {

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Status WrongLength(std::string_view what, std::size_t want, std::size_t got) {
  return Status::DataErr(std::string(what) + ": expected " + std::to_string(want) +
                         " bytes for an Ed25519 key, got " + std::to_string(got));
}

}  // namespace

void Ed25519Key::MdCtxFree::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }

std::string TakeOpenSslError() {
  unsigned long code = ERR_peek_last_error();
  std::string text = "unknown error";
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    text = buf;
  }
  ERR_clear_error();
  return text;
}

Ed25519Key::Ed25519Key(EVP_PKEY* pkey, bool has_private, std::string public_bytes)
    : pkey_(pkey), has_private_(has_private), public_(std::move(public_bytes)) {}

Result<Ed25519Key> Ed25519Key::Adopt(EVP_PKEY* pkey) {
  if (pkey == nullptr) return Status::Internal("ed25519: no key");
  if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
    const char* type = EVP_PKEY_get0_type_name(pkey);
    std::string got = type != nullptr ? type : "another type";
    EVP_PKEY_free(pkey);
    return Status::DataErr("expected an Ed25519 key, got " + got);
  }
  std::string x(kPublicBytes, '\0');
  std::size_t len = x.size();
  if (EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char*>(x.data()), &len) != 1 ||
      len != kPublicBytes) {
    EVP_PKEY_free(pkey);
    return Status::DataErr("ed25519: cannot read the public key: " + TakeOpenSslError());
  }
  std::size_t seed_len = 0;
  bool has_private = EVP_PKEY_get_raw_private_key(pkey, nullptr, &seed_len) == 1 && seed_len == kSeedBytes;
  ERR_clear_error();  // a public key fails the probe above, which is no error
  return Ed25519Key(pkey, has_private, std::move(x));
}

Result<Ed25519Key> Ed25519Key::FromSeed(std::string_view seed) {
  if (seed.size() != kSeedBytes) return WrongLength("\"d\"", kSeedBytes, seed.size());
  EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size());
  if (pkey == nullptr) return Status::DataErr("\"d\": not an Ed25519 private key: " + TakeOpenSslError());
  return Adopt(pkey);
}

Result<Ed25519Key> Ed25519Key::FromPublic(std::string_view x) {
  if (x.size() != kPublicBytes) return WrongLength("\"x\"", kPublicBytes, x.size());
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(x), x.size());
  if (pkey == nullptr) return Status::DataErr("\"x\": not an Ed25519 public key: " + TakeOpenSslError());
  return Adopt(pkey);
}

Result<Ed25519Key> Ed25519Key::Generate() {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (pkey == nullptr) return Status::Internal("ed25519: key generation failed: " + TakeOpenSslError());
  return Adopt(pkey);
}

Ed25519Key::Ed25519Key(const Ed25519Key& other)
    : pkey_(other.pkey_), has_private_(other.has_private_), public_(other.public_) {
  EVP_PKEY_up_ref(pkey_);
}

Ed25519Key& Ed25519Key::operator=(const Ed25519Key& other) {
  Ed25519Key copy(other);
  *this = std::move(copy);
  return *this;
}

Ed25519Key::Ed25519Key(Ed25519Key&& other) noexcept
    : pkey_(std::exchange(other.pkey_, nullptr)),
      has_private_(other.has_private_),
      public_(std::move(other.public_)),
      verify_ctx_(std::move(other.verify_ctx_)),
      sign_ctx_(std::move(other.sign_ctx_)) {}

Ed25519Key& Ed25519Key::operator=(Ed25519Key&& other) noexcept {
  std::swap(pkey_, other.pkey_);
  std::swap(has_private_, other.has_private_);
  std::swap(public_, other.public_);
  std::swap(verify_ctx_, other.verify_ctx_);
  std::swap(sign_ctx_, other.sign_ctx_);
  return *this;
}

Ed25519Key::~Ed25519Key() { EVP_PKEY_free(pkey_); }

Result<SecretBytes> Ed25519Key::seed() const {
  if (!has_private_) return Status::Usage("ed25519: this is a public key; it has no private part");
  std::string d(kSeedBytes, '\0');
  std::size_t len = d.size();
  if (EVP_PKEY_get_raw_private_key(pkey_, reinterpret_cast<unsigned char*>(d.data()), &len) != 1) {
    WipeString(d);
    return Status::Internal("ed25519: cannot read the private key: " + TakeOpenSslError());
  }
  return SecretBytes(std::move(d));
}

Result<Ed25519Key> Ed25519Key::PublicOnly() const { return FromPublic(public_); }

EVP_MD_CTX* Ed25519Key::BoundContext(MdCtx& slot, EVP_PKEY* pkey, DigestInit init) {
  if (slot) return slot.get();
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || init(ctx.get(), nullptr, nullptr, nullptr, pkey) != 1) return nullptr;
  slot = std::move(ctx);
  return slot.get();
}

Result<std::string> Ed25519Key::Sign(std::string_view message) const {
  if (!has_private_) return Status::Usage("ed25519: cannot sign with a public key");
  EVP_MD_CTX* ctx = BoundContext(sign_ctx_, pkey_, EVP_DigestSignInit);
  std::string sig(kSignatureBytes, '\0');
  std::size_t len = sig.size();
  // Re-armed as Verify does: a new context and key import per token was a
  // tenth of signing a batch.
  if (ctx == nullptr || EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, nullptr) != 1 ||
      EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, Bytes(message), message.size()) != 1 ||
      len != kSignatureBytes) {
    return Status::Internal("ed25519: signing failed: " + TakeOpenSslError());
  }
  return sig;
}

bool Ed25519Key::Verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != kSignatureBytes) return false;
  EVP_MD_CTX* ctx = BoundContext(verify_ctx_, pkey_, EVP_DigestVerifyInit);
  // Null arguments re-arm the bound context (as `openssl speed` does) rather
  // than fetch the algorithm and import the key again.
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, nullptr) == 1 &&
            EVP_DigestVerify(ctx, Bytes(signature), signature.size(), Bytes(message), message.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace evt::token
