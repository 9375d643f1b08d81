#include "tools/runbook/content_hash.h"

// Nettle rather than OpenSSL: OpenSSL's first use reads its configuration
// and loads its providers, about a millisecond and a half of every run's
// start; Nettle (GnuTLS's own primitives) is one small library with no
// set-up, and GnuTLS itself is no longer loaded at start (it comes with the
// HTTP server, on demand).
#include <nettle/sha2.h>
#include <sys/random.h>

#include <cstdint>
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
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_digest(&context, sizeof digest, digest);
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
