#include "tools/token/pem.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <climits>
#include <memory>
#include <utility>

namespace evt::token {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

// The label of the first "-----BEGIN <label>-----" line, or "" if none.
std::string_view FirstPemLabel(std::string_view pem) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  std::size_t start = pem.find(kBegin);
  if (start == std::string_view::npos) return {};
  start += kBegin.size();
  std::size_t end = pem.find("-----", start);
  if (end == std::string_view::npos) return {};
  return pem.substr(start, end - start);
}

// libcrypto would prompt on the terminal for a passphrase; we never want it
// to, and an encrypted key is refused before this is reached anyway.
int NoPassphrase(char*, int, int, void*) { return 0; }

Status PemError(std::string_view source, std::string what) {
  return Status::DataErr(std::string(source) + ": " + what);
}

Result<std::string> DrainBio(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return Status::Internal("pem: nothing written: " + TakeOpenSslError());
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

Result<Ed25519Key> Ed25519KeyFromPem(std::string_view pem, std::string_view source) {
  if (pem.size() > INT_MAX) return PemError(source, "too large for a PEM key");
  std::string_view label = FirstPemLabel(pem);
  if (label.empty()) return PemError(source, "not PEM: no \"-----BEGIN ...-----\" line");
  if (label == "ENCRYPTED PRIVATE KEY") {
    return PemError(source, "encrypted private keys are not supported; decrypt it with `openssl pkey` into a 0600 file");
  }
  if (label != "PRIVATE KEY" && label != "PUBLIC KEY") {
    return PemError(source, "unsupported PEM type \"" + std::string(label) +
                                "\"; expected \"PRIVATE KEY\" (PKCS#8) or \"PUBLIC KEY\" (SPKI)");
  }
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status::Internal("pem: " + TakeOpenSslError());
  EVP_PKEY* pkey = label == "PRIVATE KEY" ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr)
                                          : PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr);
  if (pkey == nullptr) {
    return PemError(source, "invalid \"" + std::string(label) + "\" PEM: " + TakeOpenSslError());
  }
  Result<Ed25519Key> key = Ed25519Key::Adopt(pkey);
  if (!key.ok()) return key.status().Prefixed(source);
  return key;
}

Result<SecretBytes> PrivateKeyToPem(const Ed25519Key& key) {
  if (!key.has_private()) return Status::Usage("pem: this is a public key; there is no private key to export");
  // The secure-memory BIO wipes its buffer when freed.
  Bio bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), key.pkey(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal("pem: cannot write the private key: " + TakeOpenSslError());
  }
  Result<std::string> text = DrainBio(bio.get());
  if (!text.ok()) return text.status();
  return SecretBytes(std::move(*text));
}

Result<std::string> PublicKeyToPem(const Ed25519Key& key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.pkey()) != 1) {
    return Status::Internal("pem: cannot write the public key: " + TakeOpenSslError());
  }
  return DrainBio(bio.get());
}

}  // namespace evt::token
