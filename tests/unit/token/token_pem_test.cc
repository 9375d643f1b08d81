#include "tools/token/pem.h"

#include <catch2/catch.hpp>

#include "tools/token/base64url.h"

using evt::token::Base64UrlEncode;
using evt::token::Ed25519Key;
using evt::token::Ed25519KeyFromPem;

namespace {

// The RFC 8037 A.1 key as `openssl pkey` writes it: PKCS#8 and SPKI.
constexpr const char* kRfc8037PrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr const char* kRfc8037PublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
constexpr const char* kRfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

std::string PemError(std::string_view pem) {
  auto key = Ed25519KeyFromPem(pem, "key.pem");
  REQUIRE_FALSE(key.ok());
  CHECK(key.status().code() == evt::ExitCode::kDataErr);
  return key.status().message();
}

}  // namespace

TEST_CASE("token pem: reads the RFC 8037 key as PKCS#8 and SPKI", "[token]") {
  auto priv = Ed25519KeyFromPem(kRfc8037PrivatePem, "key.pem");
  REQUIRE(priv.ok());
  CHECK(priv->has_private());
  CHECK(Base64UrlEncode(priv->public_bytes()) == kRfc8037X);
  CHECK(Base64UrlEncode(priv->seed()->view()) == "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
  auto pub = Ed25519KeyFromPem(kRfc8037PublicPem, "pub.pem");
  REQUIRE(pub.ok());
  CHECK_FALSE(pub->has_private());
  CHECK(Base64UrlEncode(pub->public_bytes()) == kRfc8037X);
}

TEST_CASE("token pem: writes exactly what openssl writes, and reads it back", "[token]") {
  auto key = Ed25519KeyFromPem(kRfc8037PrivatePem, "key.pem");
  REQUIRE(key.ok());
  auto priv_pem = evt::token::PrivateKeyToPem(*key);
  REQUIRE(priv_pem.ok());
  CHECK(priv_pem->view() == kRfc8037PrivatePem);
  auto pub_pem = evt::token::PublicKeyToPem(*key);
  REQUIRE(pub_pem.ok());
  CHECK(*pub_pem == kRfc8037PublicPem);

  auto generated = Ed25519Key::Generate();
  REQUIRE(generated.ok());
  auto round = Ed25519KeyFromPem(evt::token::PrivateKeyToPem(*generated)->view(), "gen.pem");
  REQUIRE(round.ok());
  CHECK(round->public_bytes() == generated->public_bytes());
  auto sig = round->Sign("m");
  REQUIRE(sig.ok());
  CHECK(generated->Verify("m", *sig));
}

TEST_CASE("token pem: a public key has no private PEM", "[token]") {
  auto pub = Ed25519KeyFromPem(kRfc8037PublicPem, "pub.pem");
  REQUIRE(pub.ok());
  auto pem = evt::token::PrivateKeyToPem(*pub);
  REQUIRE_FALSE(pem.ok());
  CHECK(pem.status().code() == evt::ExitCode::kUsage);
  CHECK(*evt::token::PublicKeyToPem(*pub) == kRfc8037PublicPem);
}

TEST_CASE("token pem: refuses other key types, encrypted keys and non-PEM by name", "[token]") {
  CHECK(PemError("hello") == "key.pem: not PEM: no \"-----BEGIN ...-----\" line");
  CHECK(PemError("") == "key.pem: not PEM: no \"-----BEGIN ...-----\" line");
  CHECK(PemError("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n") ==
        "key.pem: unsupported PEM type \"RSA PRIVATE KEY\"; expected \"PRIVATE KEY\" (PKCS#8) or \"PUBLIC KEY\" (SPKI)");
  CHECK(PemError("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                 "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAg2Jp0jMvgnOQICCAAw\n"
                 "-----END ENCRYPTED PRIVATE KEY-----\n")
            .find("encrypted private keys are not supported") != std::string::npos);
  // An Ed448 PKCS#8 key: valid PEM, wrong curve.
  CHECK(PemError("-----BEGIN PRIVATE KEY-----\n"
                 "MEcCAQAwBQYDK2VxBDsEOVCesN2vIDdyW4AMGYNxIt6mfSGFzHWyARD9rwmFhaYP\n"
                 "UbUpM9Rpwzad/Lu8n7ePTB7hk+AqSFpXHQ==\n"
                 "-----END PRIVATE KEY-----\n") == "key.pem: expected an Ed25519 key, got ED448");
}

TEST_CASE("token pem: corrupt base64 or DER inside the block is an error, not a crash", "[token]") {
  CHECK(PemError("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n")
            .rfind("key.pem: invalid \"PRIVATE KEY\" PEM: ", 0) == 0);
  CHECK(PemError("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKx\n-----END PUBLIC KEY-----\n")
            .rfind("key.pem: invalid \"PUBLIC KEY\" PEM: ", 0) == 0);
  CHECK(PemError("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v") .rfind("key.pem: invalid", 0) == 0);
  CHECK(PemError("-----BEGIN PUBLIC KEY") == "key.pem: not PEM: no \"-----BEGIN ...-----\" line");
}
