// Rotating codes: RFC 6238 Appendix B vectors for the three hashes, the
// per-ticket secret, steps and the one-step drift window.
#include "tools/token/totp.h"

#include <catch2/catch.hpp>
#include <string>

using evt::token::Hotp;
using evt::token::MatchTicketCode;
using evt::token::TicketCodeSecret;
using evt::token::TotpHash;
using evt::token::TotpStep;

namespace {

std::string Totp8(const std::string& seed, std::int64_t t, TotpHash hash) {
  auto code = Hotp(seed, static_cast<std::uint64_t>(TotpStep(t, 30)), 8, hash);
  REQUIRE(code.ok());
  return *code;
}

}  // namespace

TEST_CASE("token code: RFC 6238 Appendix B vectors, SHA-1, SHA-256 and SHA-512") {
  const std::string sha1 = "12345678901234567890";
  const std::string sha256 = "12345678901234567890123456789012";
  const std::string sha512 = "1234567890123456789012345678901234567890123456789012345678901234";
  struct Row {
    std::int64_t t;
    const char* sha1;
    const char* sha256;
    const char* sha512;
  };
  const Row rows[] = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.t);
    CHECK(Totp8(sha1, row.t, TotpHash::kSha1) == row.sha1);
    CHECK(Totp8(sha256, row.t, TotpHash::kSha256) == row.sha256);
    CHECK(Totp8(sha512, row.t, TotpHash::kSha512) == row.sha512);
  }
}

TEST_CASE("token code: RFC 4226 Appendix D HOTP values, 6 digits") {
  const std::string secret = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    auto code = Hotp(secret, counter, 6);
    REQUIRE(code.ok());
    CHECK(*code == expected[counter]);
  }
}

TEST_CASE("token code: steps are floor(t / step), also before the epoch") {
  CHECK(TotpStep(0, 15) == 0);
  CHECK(TotpStep(14, 15) == 0);
  CHECK(TotpStep(15, 15) == 1);
  CHECK(TotpStep(-1, 15) == -1);
}

TEST_CASE("token code: each ticket has its own secret from the code key") {
  auto a = TicketCodeSecret("code key of at least 16 bytes", "jti-a");
  auto b = TicketCodeSecret("code key of at least 16 bytes", "jti-b");
  auto other_key = TicketCodeSecret("another code key, 16+ bytes", "jti-a");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(other_key.ok());
  CHECK(a->size() == 32);
  CHECK(*a != *b);
  CHECK(*a != *other_key);
}

TEST_CASE("token code: a code matches within one step of drift, not two") {
  auto secret = TicketCodeSecret("code key of at least 16 bytes", "jti-a");
  REQUIRE(secret.ok());
  const std::int64_t now = 117'000'000;
  for (std::int64_t shown : {now - 2, now - 1, now, now + 1, now + 2}) {
    auto code = Hotp(*secret, static_cast<std::uint64_t>(shown), 6);
    REQUIRE(code.ok());
    auto matched = MatchTicketCode(*secret, *code, now, 1);
    REQUIRE(matched.ok());
    CAPTURE(shown - now);
    if (shown >= now - 1 && shown <= now + 1) {
      REQUIRE(matched->has_value());
      CHECK(**matched == shown);
    } else {
      CHECK_FALSE(matched->has_value());
    }
  }
  auto wrong = MatchTicketCode(*secret, "12345", now, 1);
  REQUIRE(wrong.ok());
  CHECK_FALSE(wrong->has_value());
}
