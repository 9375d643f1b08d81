// The merge property: random scans at N simulated gates with skewed
// clocks, synced pairwise at random with partial, duplicated and shuffled
// deliveries, then fully: every gate ends with the same set, the same
// admitted_by for each ticket, the same double admissions and the same
// revocations, and they equal what the union of everything scanned says.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "tools/token/admission.h"
#include "tools/token/scan_store.h"

using evt::TimePoint;
using evt::token::Admission;
using evt::token::ReentryPolicy;
using evt::token::Revocation;
using evt::token::ScanEvent;
using evt::token::ScanRequest;
using evt::token::ScanStore;
using evt::token::ScanType;
using evt::token::SummarizeScans;
using evt::token::SyncElement;

namespace {

// Tests stamp scans at small instants: no element is ever too far ahead.
const evt::token::DriftLimit kAnyDrift{TimePoint(std::chrono::milliseconds(0)), std::chrono::hours(24 * 365 * 100)};

struct Gate {
  std::string name;
  ScanStore store;
  std::int64_t skew_ms;
};

struct Summary {
  std::map<std::string, std::optional<ScanEvent>> first;
  std::map<std::string, std::vector<ScanEvent>> doubles;
  std::vector<Revocation> revocations;
  std::set<std::string> ids;

  friend bool operator==(const Summary&, const Summary&) = default;
};

Summary Summarize(ScanStore& store, ReentryPolicy policy) {
  Summary s;
  auto tickets = store.ScansByTicket();
  REQUIRE(tickets.ok());
  for (auto& scans : *tickets) {
    std::string jti = scans.front().jti;
    for (const ScanEvent& e : scans) s.ids.insert(e.id);
    Admission a = SummarizeScans(std::move(scans), policy);
    s.first[jti] = a.first;
    s.doubles[jti] = a.doubles;
  }
  auto revocations = store.Revocations();
  REQUIRE(revocations.ok());
  s.revocations = *revocations;
  for (const Revocation& r : s.revocations) s.ids.insert(r.id);
  return s;
}

// Delivers `from`'s export since a random cursor into `to`, shuffled, with
// some elements repeated.
void Deliver(Gate& from, Gate& to, std::mt19937& rng) {
  auto all = from.store.Export(0);
  REQUIRE(all.ok());
  std::int64_t since = 0;
  if (!all->empty() && rng() % 3 == 0) since = (*all)[rng() % all->size()].seq;
  auto elements = from.store.Export(since);
  REQUIRE(elements.ok());
  std::vector<SyncElement> sent = *elements;
  for (std::size_t i = 0, n = sent.size(); i < n; ++i) {
    if (rng() % 4 == 0) sent.push_back(sent[i]);
  }
  std::shuffle(sent.begin(), sent.end(), rng);
  std::vector<ScanEvent> scans;
  std::vector<Revocation> revocations;
  for (const SyncElement& e : sent) {
    if (e.scan) scans.push_back(*e.scan);
    if (e.revocation) revocations.push_back(*e.revocation);
  }
  REQUIRE(to.store.Merge(scans, revocations, kAnyDrift).ok());
}

void RunScenario(std::uint32_t seed, ReentryPolicy policy) {
  CAPTURE(seed, evt::token::ReentryPolicyName(policy));
  std::mt19937 rng(seed);
  std::size_t gates_n = 2 + rng() % 4;
  std::vector<Gate> gates;
  for (std::size_t i = 0; i < gates_n; ++i) {
    auto store = ScanStore::OpenMemory();
    REQUIRE(store.ok());
    gates.push_back(Gate{"gate-" + std::to_string(i), std::move(*store), static_cast<std::int64_t>(rng() % 2000) - 1000});
  }
  std::int64_t now = 1'764'925'200'000;
  std::size_t tickets = 3 + rng() % 8;
  for (int op = 0; op < 120; ++op) {
    now += rng() % 3;  // often the same millisecond: the logical part matters
    Gate& g = gates[rng() % gates.size()];
    unsigned what = rng() % 10;
    std::string jti = "t" + std::to_string(rng() % tickets);
    if (what < 6) {
      ScanRequest r;
      r.jti = jti;
      r.gate = g.name;
      r.policy = policy;
      r.type = what < 4 ? ScanType::kEntry : ScanType::kExit;
      REQUIRE(g.store.Scan(r, TimePoint(std::chrono::milliseconds(now + g.skew_ms))).ok());
    } else if (what == 6) {
      REQUIRE(g.store.Revoke(jti, g.name, "r" + std::to_string(op), TimePoint(std::chrono::milliseconds(now))).ok());
    } else {
      Deliver(gates[rng() % gates.size()], g, rng);
    }
  }
  // Full sync in a random order, twice round so everything reaches everyone.
  for (int round = 0; round < 2; ++round) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < gates.size(); ++i) {
      for (std::size_t j = 0; j < gates.size(); ++j) {
        if (i != j) pairs.emplace_back(i, j);
      }
    }
    std::shuffle(pairs.begin(), pairs.end(), rng);
    for (auto [i, j] : pairs) {
      auto all = gates[i].store.Export(0);
      REQUIRE(all.ok());
      std::vector<ScanEvent> scans;
      std::vector<Revocation> revocations;
      for (const SyncElement& e : *all) {
        if (e.scan) scans.push_back(*e.scan);
        if (e.revocation) revocations.push_back(*e.revocation);
      }
      REQUIRE(gates[j].store.Merge(scans, revocations, kAnyDrift).ok());
    }
  }
  Summary reference = Summarize(gates[0].store, policy);
  for (Gate& g : gates) {
    CAPTURE(g.name);
    CHECK(Summarize(g.store, policy) == reference);
  }
  // A fresh gate fed every export in another order, each twice, agrees.
  auto fresh = ScanStore::OpenMemory();
  REQUIRE(fresh.ok());
  std::vector<std::size_t> order(gates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  for (int twice = 0; twice < 2; ++twice) {
    for (std::size_t i : order) {
      auto all = gates[i].store.Export(0);
      REQUIRE(all.ok());
      std::vector<ScanEvent> scans;
      std::vector<Revocation> revocations;
      for (const SyncElement& e : *all) {
        if (e.scan) scans.push_back(*e.scan);
        if (e.revocation) revocations.push_back(*e.revocation);
      }
      REQUIRE(fresh->Merge(scans, revocations, kAnyDrift).ok());
    }
  }
  CHECK(Summarize(*fresh, policy) == reference);
}

}  // namespace

TEST_CASE("token scan merge: random partitions and merge orders converge, policy single") {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) RunScenario(seed, ReentryPolicy::kSingle);
}

TEST_CASE("token scan merge: random partitions and merge orders converge, policy reentry") {
  for (std::uint32_t seed = 101; seed <= 140; ++seed) RunScenario(seed, ReentryPolicy::kReentry);
}

TEST_CASE("token scan merge: admitted at A and at B before a sync, both report the same double") {
  auto a = ScanStore::OpenMemory();
  auto b = ScanStore::OpenMemory();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  ScanRequest r;
  r.jti = "ticket";
  r.gate = "gate-a";
  REQUIRE(a->Scan(r, TimePoint(std::chrono::milliseconds(1000)))->recorded);
  r.gate = "gate-b";
  REQUIRE(b->Scan(r, TimePoint(std::chrono::milliseconds(1500)))->recorded);
  auto ea = a->Export(0);
  auto eb = b->Export(0);
  REQUIRE(a->Merge({*(*eb)[0].scan}, {}, kAnyDrift).ok());
  REQUIRE(b->Merge({*(*ea)[0].scan}, {}, kAnyDrift).ok());
  Summary sa = Summarize(*a, ReentryPolicy::kSingle);
  Summary sb = Summarize(*b, ReentryPolicy::kSingle);
  CHECK(sa == sb);
  REQUIRE(sa.first["ticket"]);
  CHECK(sa.first["ticket"]->gate == "gate-a");
  REQUIRE(sa.doubles["ticket"].size() == 1);
  CHECK(sa.doubles["ticket"][0].gate == "gate-b");
}
