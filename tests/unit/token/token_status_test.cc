// evt-token status's summary of a scan set: per gate tallies, the newest
// double admissions, the active keys, and a record the schema accepts.
#include "tools/token/token_status.h"

#include <catch2/catch.hpp>

#include "common/record_schema.h"

using evt::TimePoint;
using evt::Value;
using evt::token::ActiveKeys;
using evt::token::Ed25519Key;
using evt::token::HmacKey;
using evt::token::Key;
using evt::token::KeyRing;
using evt::token::KeyState;
using evt::token::ReentryPolicy;
using evt::token::Revocation;
using evt::token::ScanEvent;
using evt::token::ScanType;
using evt::token::SummarizeScanSet;
using evt::token::TokenStatus;

namespace {

TimePoint AtMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

ScanEvent Scan(std::string id, std::string jti, std::string gate, std::int64_t wall,
               ScanType type = ScanType::kEntry) {
  return ScanEvent{std::move(id), std::move(jti), std::move(gate), type, {wall, 0}, std::nullopt};
}

const evt::token::GateTally& Tally(const TokenStatus& s, const std::string& gate) {
  for (const auto& g : s.gates) {
    if (g.gate == gate) return g;
  }
  FAIL("no gate " << gate);
  throw;
}

}  // namespace

// The summary keeps only the newest doubles as tickets stream in; the five
// it reports must still be the newest of all, however the jtis order them.
TEST_CASE("token status: the newest double admissions survive the pruning of a long stream") {
  std::vector<std::vector<ScanEvent>> tickets;
  for (int i = 0; i < 100; ++i) {
    int when = (i * 37) % 100;  // jti order is not time order
    std::string jti = "t" + std::to_string(1000 + i);
    tickets.push_back({Scan("a" + std::to_string(i), jti, "gate-a", 1000 + when),
                       Scan("b" + std::to_string(i), jti, "gate-b", 100000 + 10 * when)});
  }
  TokenStatus s = SummarizeScanSet("gate-a", ReentryPolicy::kSingle, tickets, {});
  CHECK(s.double_admissions == 100);
  REQUIRE(s.latest_doubles.size() == evt::token::kLatestDoubles);
  for (std::size_t k = 0; k < s.latest_doubles.size(); ++k) {
    INFO("k " << k);
    CHECK(s.latest_doubles[k].latest.hlc.wall == 100000 + 10 * (99 - static_cast<int>(k)));
  }
}

TEST_CASE("token status: tallies per gate, double admissions newest first") {
  std::vector<std::vector<ScanEvent>> tickets = {
      {Scan("1", "t1", "gate-a", 1000), Scan("2", "t1", "gate-b", 2000)},
      {Scan("3", "t2", "gate-b", 1500)},
      {Scan("4", "t3", "gate-a", 1100), Scan("5", "t3", "gate-b", 5000), Scan("6", "t3", "gate-a", 6000)},
      {Scan("7", "t4", "gate-a", 1200), Scan("8", "t4", "gate-a", 1300, ScanType::kExit)},
  };
  std::vector<Revocation> revocations = {{"r1", "t9", "box-office", "refunded", {900, 0}}};
  TokenStatus s = SummarizeScanSet("gate-c", ReentryPolicy::kSingle, tickets, revocations);

  CHECK(s.admitted == 4);
  CHECK(s.double_admissions == 2);
  CHECK(s.revocations == 1);
  REQUIRE(s.gates.size() == 4);  // box-office, gate-a, gate-b, and this gate without elements
  CHECK(s.gates.front().gate == "box-office");
  CHECK(Tally(s, "gate-c").entries == 0);
  CHECK_FALSE(Tally(s, "gate-c").last_at);
  const auto& a = Tally(s, "gate-a");
  CHECK(a.entries == 4);
  CHECK(a.exits == 1);
  CHECK(a.admitted == 3);
  CHECK(a.double_admissions == 1);
  CHECK(a.last_at == AtMs(6000));
  const auto& b = Tally(s, "gate-b");
  CHECK(b.admitted == 1);
  CHECK(b.double_admissions == 2);
  CHECK(Tally(s, "box-office").revocations == 1);

  REQUIRE(s.latest_doubles.size() == 2);
  CHECK(s.latest_doubles[0].jti == "t3");
  CHECK(s.latest_doubles[0].latest.gate == "gate-a");
  CHECK(s.latest_doubles[0].times == 2);
  CHECK(s.latest_doubles[1].jti == "t1");
}

TEST_CASE("token status: under reentry an exit lets a ticket in again without a double admission") {
  std::vector<std::vector<ScanEvent>> tickets = {
      {Scan("1", "t1", "gate-a", 1000), Scan("2", "t1", "gate-a", 2000, ScanType::kExit),
       Scan("3", "t1", "gate-b", 3000)},
  };
  TokenStatus reentry = SummarizeScanSet("gate-a", ReentryPolicy::kReentry, tickets, {});
  CHECK(reentry.double_admissions == 0);
  CHECK(reentry.inside == 1);
  TokenStatus single = SummarizeScanSet("gate-a", ReentryPolicy::kSingle, tickets, {});
  CHECK(single.double_admissions == 1);
}

TEST_CASE("token status: keeps only the newest few double admissions") {
  std::vector<std::vector<ScanEvent>> tickets;
  for (int i = 0; i < 8; ++i) {
    std::string jti = "t" + std::to_string(i);
    tickets.push_back({Scan(jti + "a", jti, "gate-a", 1000 + i), Scan(jti + "b", jti, "gate-b", 2000 + 10 * i)});
  }
  TokenStatus s = SummarizeScanSet("gate-a", ReentryPolicy::kSingle, tickets, {});
  CHECK(s.double_admissions == 8);
  REQUIRE(s.latest_doubles.size() == evt::token::kLatestDoubles);
  CHECK(s.latest_doubles.front().jti == "t7");
  CHECK(s.latest_doubles.back().jti == "t3");
}

TEST_CASE("token status: the active keys, Ed25519 first, and the record validates") {
  auto ring = KeyRing::OpenMemory();
  REQUIRE(ring.ok());
  auto hmac = HmacKey::Generate();
  auto ed = Ed25519Key::Generate();
  auto old = Ed25519Key::Generate();
  REQUIRE((hmac.ok() && ed.ok() && old.ok()));
  REQUIRE(ring->Add(Key(std::move(*hmac), "h1"), KeyState::kActive, AtMs(1000)).ok());
  REQUIRE(ring->Add(Key(std::move(*old), "e0"), KeyState::kPublished, AtMs(1000)).ok());
  REQUIRE(ring->Add(Key(std::move(*ed), "e1"), KeyState::kActive, AtMs(2000)).ok());
  auto entries = ring->List();
  REQUIRE(entries.ok());
  TokenStatus s = SummarizeScanSet("gate-a", ReentryPolicy::kSingle, {{Scan("1", "t1", "gate-a", 1000)}}, {});
  s.active_keys = ActiveKeys(*entries);
  REQUIRE(s.active_keys.size() == 2);
  CHECK(s.active_keys[0].kid == "e1");
  CHECK(s.active_keys[1].kid == "h1");

  Value record = TokenStatusRecord(s, AtMs(62000));
  CHECK(record.find("active_kid")->as_string() == "e1");
  CHECK(record.find("active_key_age_ms")->as_int() == 60000);
  evt::Status valid = evt::BuiltinRecordSchemas().Validate(record);
  INFO(valid.message());
  CHECK(valid.ok());
}

TEST_CASE("token status: without keys or scans the record still validates and says so to a person") {
  TokenStatus s = SummarizeScanSet("gate-a", ReentryPolicy::kSingle, {}, {});
  Value record = TokenStatusRecord(s, AtMs(0));
  CHECK(record.find("active_kid") == nullptr);
  CHECK(evt::BuiltinRecordSchemas().Validate(record).ok());
  std::string text = TokenStatusText(s, AtMs(0), false, 80);
  CHECK(text.find("signing key: none active") != std::string::npos);
  CHECK(text.find("gate-a (here)") != std::string::npos);
}
