// The raw Ed25519 primitive on the very messages `evt-token verify` is given:
// token_sign_verify.sh's reference. `openssl speed ed25519` verifies one
// short message, and SHA-512 over a token's ~250-byte signing input is part
// of every verify, so the fair floor for a verify of these tokens is this.
//
//   ed25519_verify_reference JWKS_X TOKENS_FILE
//
// Reads every compact JWS in TOKENS_FILE, decodes each signature before the
// clock starts, then verifies them all with the key whose base64url "x" is
// JWKS_X, the same EVP calls evt-token makes (one bound context, re-armed per
// verify). Prints "VERIFIED CPU_SECONDS"; exits 1 if any fails to verify.
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "tools/token/base64url.h"

namespace {

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

const unsigned char* Bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

struct Signed {
  std::string input;
  std::string signature;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ed25519_verify_reference JWKS_X TOKENS_FILE\n");
    return 2;
  }
  evt::Result<std::string> x = evt::token::Base64UrlDecode(argv[1], "x");
  if (!x.ok() || x->size() != 32) {
    std::fprintf(stderr, "ed25519_verify_reference: JWKS_X is not a 32-byte base64url key\n");
    return 2;
  }
  std::ifstream in(argv[2]);
  std::vector<Signed> tokens;
  for (std::string line; std::getline(in, line);) {
    std::size_t dot = line.rfind('.');
    evt::Result<std::string> sig =
        dot == std::string::npos ? evt::Result<std::string>(evt::Status::DataErr("no '.'"))
                                 : evt::token::Base64UrlDecode(std::string_view(line).substr(dot + 1), "signature");
    if (!sig.ok()) {
      std::fprintf(stderr, "ed25519_verify_reference: line %zu is not a compact JWS\n", tokens.size() + 1);
      return 2;
    }
    tokens.push_back({line.substr(0, dot), std::move(*sig)});
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(*x), x->size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (key == nullptr || ctx == nullptr || EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) != 1) {
    std::fprintf(stderr, "ed25519_verify_reference: OpenSSL refused the key\n");
    return 2;
  }
  std::size_t verified = 0;
  double start = CpuSeconds();
  for (const Signed& t : tokens) {
    verified += EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, nullptr) == 1 &&
                EVP_DigestVerify(ctx, Bytes(t.signature), t.signature.size(), Bytes(t.input), t.input.size()) == 1;
  }
  double seconds = CpuSeconds() - start;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  std::printf("%zu %.3f\n", verified, seconds);
  return verified == tokens.size() ? 0 : 1;
}
