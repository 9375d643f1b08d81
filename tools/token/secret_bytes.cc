#include "tools/token/secret_bytes.h"

#include <openssl/crypto.h>

#include <utility>

namespace evt::token {

void WipeString(std::string& s) {
  // The whole capacity: a shrunk string may keep old bytes past size().
  s.resize(s.capacity());
  OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

SecretBytes::SecretBytes(std::string&& bytes) {
  bytes_.assign(bytes.data(), bytes.size());
  WipeString(bytes);
}

SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
  if (this != &other) {
    Wipe();
    bytes_ = other.bytes_;
  }
  return *this;
}

// Moving a short string copies it out of the small-string buffer and leaves
// the bytes behind, so the source is wiped rather than trusted to be empty.
SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.Wipe(); }

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.Wipe();
  }
  return *this;
}

SecretBytes::~SecretBytes() { Wipe(); }

void SecretBytes::Wipe() { WipeString(bytes_); }

}  // namespace evt::token
