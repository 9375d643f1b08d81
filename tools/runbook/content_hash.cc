#include "tools/runbook/content_hash.h"

// GnuTLS rather than OpenSSL: libevt loads and initialises GnuTLS at start
// anyway, while OpenSSL's first use reads its configuration and loads its
// providers, about a millisecond and a half of every run's start.
#include <gnutls/crypto.h>
#include <sys/random.h>

#include <random>

namespace evt::runbook {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string ContentHash(std::string_view bytes) {
  unsigned char digest[32];
  gnutls_hash_fast(GNUTLS_DIG_SHA256, bytes.data(), bytes.size(), digest);
  return "sha256:" + Hex(digest, sizeof digest);
}

std::string NewRunId() {
  unsigned char bytes[16];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    std::random_device device;
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(device());
  }
  return Hex(bytes, sizeof bytes);
}

}  // namespace evt::runbook
