#include "tools/token/key.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "tools/token/base64url.h"
#include "tools/token/ed25519_key.h"
#include "tools/token/hmac_key.h"
#include "tools/token/jwk_thumbprint.h"

using evt::token::Alg;
using evt::token::Base64UrlDecode;
using evt::token::Base64UrlEncode;
using evt::token::Ed25519Key;
using evt::token::HmacKey;
using evt::token::Key;

namespace {

// RFC 8037 Appendix A.1 and A.2.
constexpr const char* kRfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kRfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

std::string Unb64(std::string_view text) {
  auto r = Base64UrlDecode(text, "test");
  REQUIRE(r.ok());
  return *r;
}

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Ed25519Key Rfc8037Private() {
  auto key = Ed25519Key::FromSeed(Unb64(kRfc8037D));
  REQUIRE(key.ok());
  return *key;
}

}  // namespace

TEST_CASE("token ed25519 key: the RFC 8037 A.1 seed derives the A.2 public key", "[token]") {
  Ed25519Key key = Rfc8037Private();
  CHECK(key.has_private());
  CHECK(Base64UrlEncode(key.public_bytes()) == kRfc8037X);
  auto seed = key.seed();
  REQUIRE(seed.ok());
  CHECK(Base64UrlEncode(seed->view()) == kRfc8037D);
}

TEST_CASE("token ed25519 key: a public key verifies, cannot sign and has no seed", "[token]") {
  auto pub = Ed25519Key::FromPublic(Unb64(kRfc8037X));
  REQUIRE(pub.ok());
  CHECK_FALSE(pub->has_private());
  CHECK_FALSE(pub->Sign("x").ok());
  CHECK_FALSE(pub->seed().ok());
  auto sig = Rfc8037Private().Sign("hello");
  REQUIRE(sig.ok());
  CHECK(sig->size() == 64);
  CHECK(pub->Verify("hello", *sig));
  CHECK_FALSE(pub->Verify("hellO", *sig));
  CHECK_FALSE(pub->Verify("hello", sig->substr(0, 63)));
  CHECK_FALSE(pub->Verify("hello", *sig + "x"));
}

TEST_CASE("token ed25519 key: wrong lengths are rejected with the field named", "[token]") {
  auto short_seed = Ed25519Key::FromSeed(std::string(31, 'a'));
  REQUIRE_FALSE(short_seed.ok());
  CHECK(short_seed.status().message() == "\"d\": expected 32 bytes for an Ed25519 key, got 31");
  auto long_x = Ed25519Key::FromPublic(std::string(33, 'a'));
  REQUIRE_FALSE(long_x.ok());
  CHECK(long_x.status().message() == "\"x\": expected 32 bytes for an Ed25519 key, got 33");
}

TEST_CASE("token ed25519 key: verification rejects S + L (RFC 8032 5.1.7 canonical S)", "[token]") {
  Ed25519Key key = Rfc8037Private();
  auto sig = key.Sign("ticket");
  REQUIRE(sig.ok());
  REQUIRE(key.Verify("ticket", *sig));
  // S is the little-endian second half; adding the group order L gives the
  // same point equation, which a lax verifier accepts (malleability).
  static const unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                       0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  std::string malleated = *sig;
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    unsigned sum = static_cast<unsigned char>(malleated[32 + i]) + kL[i] + carry;
    malleated[32 + i] = static_cast<char>(sum & 0xff);
    carry = sum >> 8;
  }
  // S < L < 2^253, so S + L < 2^254 still fits 32 bytes: no carry out.
  REQUIRE(carry == 0);
  REQUIRE(malleated != *sig);
  CHECK_FALSE(key.Verify("ticket", malleated));
}

TEST_CASE("token ed25519 key: generated keys differ and sign and verify", "[token]") {
  auto a = Ed25519Key::Generate();
  auto b = Ed25519Key::Generate();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->public_bytes() != b->public_bytes());
  auto sig = a->Sign("m");
  REQUIRE(sig.ok());
  CHECK(a->Verify("m", *sig));
  CHECK_FALSE(b->Verify("m", *sig));
}

TEST_CASE("token ed25519 key: the reused verify context gives each signature its own verdict", "[token]") {
  auto key = Ed25519Key::Generate();
  REQUIRE(key.ok());
  auto good = key->Sign("gate A");
  auto other = key->Sign("gate B");
  REQUIRE(good.ok());
  REQUIRE(other.ok());
  std::string flipped = *good;
  flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
  // A failure must not poison the context for the next token, in any order.
  CHECK(key->Verify("gate A", *good));
  CHECK_FALSE(key->Verify("gate A", flipped));
  CHECK(key->Verify("gate A", *good));
  CHECK_FALSE(key->Verify("gate A", good->substr(0, 63)));
  CHECK_FALSE(key->Verify("gate A", *other));
  CHECK(key->Verify("gate B", *other));
  CHECK(key->Verify("gate A", *good));
  // Copies and moved-to keys verify with contexts of their own.
  Ed25519Key copy = *key;
  CHECK(copy.Verify("gate B", *other));
  CHECK_FALSE(copy.Verify("gate B", *good));
  Ed25519Key moved = std::move(copy);
  CHECK(moved.Verify("gate A", *good));
  CHECK(key->Verify("gate B", *other));
  auto pub = key->PublicOnly();
  REQUIRE(pub.ok());
  CHECK(pub->Verify("gate A", *good));
  CHECK_FALSE(pub->Verify("gate A", flipped));
}

TEST_CASE("token hmac key: RFC 4231 test case 6 gives the published HMAC-SHA256", "[token]") {
  // Test case 6: a 131-byte key of 0xaa (larger than the block size).
  auto key = HmacKey::FromSecret(std::string(131, '\xaa'));
  REQUIRE(key.ok());
  auto mac = key->Mac("Test Using Larger Than Block-Size Key - Hash Key First");
  REQUIRE(mac.ok());
  CHECK(ToHex(*mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // The prepared context gives the same MAC every time and after a copy.
  CHECK(*key->Mac("Test Using Larger Than Block-Size Key - Hash Key First") == *mac);
  HmacKey copy = *key;
  CHECK(*copy.Mac("Test Using Larger Than Block-Size Key - Hash Key First") == *mac);
}

TEST_CASE("token hmac key: secrets under 256 bits are refused", "[token]") {
  // RFC 4231's own 20-byte key is too short for HS256 (RFC 7518 3.2).
  auto short_key = HmacKey::FromSecret(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
  REQUIRE_FALSE(short_key.ok());
  CHECK(short_key.status().code() == evt::ExitCode::kDataErr);
  CHECK(short_key.status().message() == "HS256 secret: expected at least 32 bytes (256 bits), got 20");
  CHECK_FALSE(HmacKey::FromSecret(std::string(31, 'k')).ok());
  CHECK(HmacKey::FromSecret(std::string(32, 'k')).ok());
}

TEST_CASE("token hmac key: verify accepts only the exact tag", "[token]") {
  auto key = HmacKey::FromSecret(std::string(32, 'k'));
  REQUIRE(key.ok());
  std::string tag = *key->Mac("input");
  CHECK(key->Verify("input", tag));
  CHECK_FALSE(key->Verify("inpuT", tag));
  std::string flipped = tag;
  flipped[31] = static_cast<char>(flipped[31] ^ 1);
  CHECK_FALSE(key->Verify("input", flipped));
  CHECK_FALSE(key->Verify("input", tag.substr(0, 16)));
  CHECK_FALSE(key->Verify("input", ""));
}

TEST_CASE("token key: the algorithm is bound to the key type", "[token]") {
  Key ed(Rfc8037Private());
  CHECK(ed.Admits(Alg::kEdDSA));
  CHECK(ed.Admits(Alg::kEd25519));
  CHECK_FALSE(ed.Admits(Alg::kHS256));
  CHECK(ed.default_alg() == Alg::kEdDSA);
  auto hs = HmacKey::FromSecret(std::string(32, 's'));
  REQUIRE(hs.ok());
  Key hkey(*hs, "gate-a");
  CHECK(hkey.Admits(Alg::kHS256));
  CHECK_FALSE(hkey.Admits(Alg::kEdDSA));
  CHECK_FALSE(hkey.Admits(Alg::kEd25519));
  auto wrong = ed.Sign(Alg::kHS256, "x");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message() == "key \"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\": an Ed25519 key cannot sign HS256");
  // A valid HS256 tag computed with the Ed25519 public key bytes as secret
  // is no signature for the Ed25519 key.
  auto confused = HmacKey::FromSecret(ed.ed25519()->public_bytes());
  REQUIRE(confused.ok());
  CHECK_FALSE(ed.Verify(Alg::kHS256, "x", *confused->Mac("x")));
}

TEST_CASE("token key: kid defaults to the RFC 7638 thumbprint (RFC 8037 A.3)", "[token]") {
  Key key(Rfc8037Private());
  CHECK(key.kid() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  CHECK(key.thumbprint() == key.kid());
  Key named(Rfc8037Private(), "2026-11");
  CHECK(named.kid() == "2026-11");
  CHECK(named.thumbprint() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST_CASE("token key: the public half keeps the kid and verifies the private key's signatures", "[token]") {
  Key key(Rfc8037Private(), "k1");
  auto pub = key.PublicOnly();
  REQUIRE(pub.ok());
  CHECK(pub->kid() == "k1");
  CHECK_FALSE(pub->can_sign());
  CHECK(key.can_sign());
  auto sig = key.Sign(Alg::kEdDSA, "in");
  REQUIRE(sig.ok());
  CHECK(pub->Verify(Alg::kEdDSA, "in", *sig));
  CHECK(pub->Verify(Alg::kEd25519, "in", *sig));
  CHECK_FALSE(pub->Sign(Alg::kEdDSA, "in").ok());
  auto hs = HmacKey::FromSecret(std::string(32, 's'));
  REQUIRE(hs.ok());
  CHECK_FALSE(Key(*hs).PublicOnly().ok());
}
