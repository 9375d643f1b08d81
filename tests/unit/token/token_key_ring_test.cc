// The key ring's operations on an in-memory store: states, rotation, the
// keys a verifier gets, and what survives a reopen of a file.
#include "tools/token/key_ring.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "tools/token/key_rotation.h"

using evt::TimePoint;
using evt::token::Ed25519Key;
using evt::token::HmacKey;
using evt::token::Key;
using evt::token::KeyKind;
using evt::token::KeyRing;
using evt::token::KeyState;
using evt::token::PreviousKeyVerifyUntil;
using evt::token::RingEntry;

namespace {

TimePoint At(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

Key NewEd(std::string kid) {
  auto key = Ed25519Key::Generate();
  REQUIRE(key.ok());
  return Key(std::move(*key), std::move(kid));
}

Key NewHmac(std::string kid) {
  auto key = HmacKey::Generate();
  REQUIRE(key.ok());
  return Key(std::move(*key), std::move(kid));
}

KeyRing Ring() {
  auto ring = KeyRing::OpenMemory();
  REQUIRE(ring.ok());
  return std::move(*ring);
}

RingEntry Get(KeyRing& ring, const std::string& kid) {
  auto found = ring.Find(kid);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  return std::move(**found);
}

}  // namespace

TEST_CASE("token key ring: one active key per type, kids unique") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("a"), KeyState::kActive, At(100)).ok());
  REQUIRE(ring.Add(NewHmac("h"), KeyState::kActive, At(100)).ok());
  evt::Status second = ring.Add(NewEd("b"), KeyState::kActive, At(101));
  CHECK(second.code() == evt::ExitCode::kUsage);
  CHECK(ring.Add(NewEd("a"), KeyState::kPublished, At(101)).code() == evt::ExitCode::kDataErr);
  REQUIRE(ring.Add(NewEd("b"), KeyState::kPublished, At(101)).ok());
  auto active = ring.Active(KeyKind::kEd25519);
  REQUIRE(active.ok());
  REQUIRE(active->has_value());
  CHECK((*active)->key.kid() == "a");
  auto all = ring.List();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].key.kid() == "a");
  CHECK((*all)[2].key.kid() == "b");
}

TEST_CASE("token key ring: keys come back able to sign and verify what they signed") {
  KeyRing ring = Ring();
  Key ed = NewEd("a");
  Key hmac = NewHmac("h");
  REQUIRE(ring.Add(ed, KeyState::kActive, At(1)).ok());
  REQUIRE(ring.Add(hmac, KeyState::kActive, At(1)).ok());
  auto public_only = NewEd("p").PublicOnly();
  REQUIRE(public_only.ok());
  REQUIRE(ring.Add(*public_only, KeyState::kPublished, At(1)).ok());
  for (const Key* original : {&ed, &hmac}) {
    RingEntry back = Get(ring, original->kid());
    CHECK(back.key.thumbprint() == original->thumbprint());
    CHECK(back.key.can_sign());
    auto sig = back.key.Sign(back.key.default_alg(), "message");
    REQUIRE(sig.ok());
    CHECK(original->Verify(original->default_alg(), "message", *sig));
  }
  CHECK_FALSE(Get(ring, "p").key.can_sign());
}

TEST_CASE("token key ring: rotation puts the previous key in grace until the given time") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("old"), KeyState::kActive, At(100)).ok());
  REQUIRE(ring.AddActive(NewEd("new"), At(1000), At(200)).ok());
  RingEntry old = Get(ring, "old");
  CHECK(old.state == KeyState::kGrace);
  REQUIRE(old.verify_until);
  CHECK(*old.verify_until == At(1000));
  CHECK(Get(ring, "new").state == KeyState::kActive);
  CHECK(*Get(ring, "new").activated_at == At(200));

  auto during = ring.VerificationKeys(At(999));
  REQUIRE(during.ok());
  CHECK(during->Find("old") != nullptr);
  auto after = ring.VerificationKeys(At(1000));
  REQUIRE(after.ok());
  CHECK(after->Find("old") == nullptr);
  CHECK(after->Find("new") != nullptr);
}

TEST_CASE("token key ring: only a published private key can be activated") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("a"), KeyState::kActive, At(1)).ok());
  REQUIRE(ring.Add(NewEd("b"), KeyState::kPublished, At(2)).ok());
  auto pub = NewEd("p").PublicOnly();
  REQUIRE(pub.ok());
  REQUIRE(ring.Add(*pub, KeyState::kPublished, At(2)).ok());
  CHECK(ring.Activate("p", At(50), At(3)).code() == evt::ExitCode::kUsage);
  CHECK(ring.Activate("nope", At(50), At(3)).code() == evt::ExitCode::kDataErr);
  REQUIRE(ring.Activate("b", At(50), At(3)).ok());
  CHECK(ring.Activate("a", At(60), At(4)).code() == evt::ExitCode::kUsage);  // in grace: no way back
  CHECK(Get(ring, "a").state == KeyState::kGrace);
  CHECK(Get(ring, "b").state == KeyState::kActive);
}

TEST_CASE("token key ring: an HS256 rotation leaves the Ed25519 key alone") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("e"), KeyState::kActive, At(1)).ok());
  REQUIRE(ring.Add(NewHmac("h1"), KeyState::kActive, At(1)).ok());
  REQUIRE(ring.AddActive(NewHmac("h2"), At(99), At(2)).ok());
  CHECK(Get(ring, "e").state == KeyState::kActive);
  CHECK(Get(ring, "h1").state == KeyState::kGrace);
}

TEST_CASE("token key ring: retired keys verify nothing, retiring is idempotent") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("a"), KeyState::kActive, At(1)).ok());
  REQUIRE(ring.Add(NewEd("b"), KeyState::kPublished, At(1)).ok());
  REQUIRE(ring.Retire("b", At(5)).ok());
  REQUIRE(ring.Retire("b", At(6)).ok());
  CHECK(*Get(ring, "b").retired_at == At(5));
  CHECK(ring.Retire("zzz", At(6)).code() == evt::ExitCode::kDataErr);
  auto keys = ring.VerificationKeys(At(7));
  REQUIRE(keys.ok());
  CHECK(keys->size() == 1);
  CHECK(keys->Find("b") == nullptr);
}

TEST_CASE("token key ring: the latest exp signed only grows") {
  KeyRing ring = Ring();
  REQUIRE(ring.Add(NewEd("a"), KeyState::kActive, At(1)).ok());
  CHECK_FALSE(Get(ring, "a").last_exp);
  REQUIRE(ring.NoteSigned("a", 500).ok());
  REQUIRE(ring.NoteSigned("a", 400).ok());
  CHECK(Get(ring, "a").last_exp == 500);
}

TEST_CASE("token key ring: the database file is owner-only and keeps the keys") {
  std::string dir = (std::filesystem::temp_directory_path() / ("evt-ring-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  Key key = NewEd("kept");
  {
    auto ring = KeyRing::Open(dir + "/state");
    REQUIRE(ring.ok());
    REQUIRE(ring->Add(key, KeyState::kActive, At(1)).ok());
  }
  struct stat st {};
  REQUIRE(::stat((dir + "/state").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat((dir + "/state/token.db").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto again = KeyRing::Open(dir + "/state");
  REQUIRE(again.ok());
  CHECK(Get(*again, "kept").key.thumbprint() == key.thumbprint());
  std::filesystem::remove_all(dir);
}

TEST_CASE("token key rotation: grace covers the longest lifetime plus leeway") {
  using std::chrono::seconds;
  TimePoint now = At(1000);
  CHECK(PreviousKeyVerifyUntil(now, seconds(900), seconds(30), std::nullopt, std::nullopt) == At(1930));
  CHECK(PreviousKeyVerifyUntil(now, seconds(900), seconds(30), 9000, std::nullopt) == At(9030));
  CHECK(PreviousKeyVerifyUntil(now, seconds(900), seconds(30), 1200, std::nullopt) == At(1930));
  CHECK(PreviousKeyVerifyUntil(now, seconds(900), seconds(30), 1200, seconds(3600)) == At(4630));
  CHECK(PreviousKeyVerifyUntil(now, seconds(900), seconds(0), INT64_MAX, std::nullopt) ==
        At(253402300799));
}
