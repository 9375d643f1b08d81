// A gate's scan set on an in-memory store: admission, refusal with the
// first admission named, re-entry policies, revocations, one-time codes,
// batches, and the hybrid logical clock that orders the scans.
#include "tools/token/scan_store.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include "tools/token/hlc.h"

using evt::TimePoint;
using evt::token::Hlc;
using evt::token::HlcObserve;
using evt::token::HlcTick;
using evt::token::ReentryPolicy;
using evt::token::ScanDecision;
using evt::token::ScanRequest;
using evt::token::ScanResult;
using evt::token::ScanStore;
using evt::token::ScanType;

namespace {

// Tests stamp scans at small instants: no element is ever too far ahead.
const evt::token::DriftLimit kAnyDrift{TimePoint(std::chrono::milliseconds(0)), std::chrono::hours(24 * 365 * 100)};
const evt::token::DriftLimit kUnlimitedDrift{TimePoint(std::chrono::milliseconds(0)),
                                             std::chrono::milliseconds(evt::token::kMaxHlcPart)};

TimePoint At(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

ScanRequest Entry(const std::string& jti, const std::string& gate,
                  ReentryPolicy policy = ReentryPolicy::kSingle) {
  ScanRequest r;
  r.jti = jti;
  r.gate = gate;
  r.policy = policy;
  return r;
}

ScanRequest Exit(const std::string& jti, const std::string& gate, ReentryPolicy policy = ReentryPolicy::kSingle) {
  ScanRequest r = Entry(jti, gate, policy);
  r.type = ScanType::kExit;
  return r;
}

ScanDecision Scan(ScanStore& store, const ScanRequest& r, std::int64_t ms) {
  auto d = store.Scan(r, At(ms));
  REQUIRE(d.ok());
  return *d;
}

ScanStore Memory() {
  auto store = ScanStore::OpenMemory();
  REQUIRE(store.ok());
  return std::move(*store);
}

}  // namespace

TEST_CASE("token scan hlc: ticks forward, holds when the wall clock goes back, passes what it saw") {
  CHECK(HlcTick(Hlc{0, 0}, 1000) == Hlc{1000, 0});
  CHECK(HlcTick(Hlc{1000, 0}, 1000) == Hlc{1000, 1});
  CHECK(HlcTick(Hlc{1000, 1}, 900) == Hlc{1000, 2});
  CHECK(HlcTick(Hlc{1000, 2}, 1001) == Hlc{1001, 0});
  Hlc seen = HlcObserve(Hlc{1000, 0}, Hlc{5000, 3});
  CHECK(HlcTick(seen, 1200) > Hlc{5000, 3});
}

TEST_CASE("token scan store: a ticket admits once, the refusal names the first admission") {
  ScanStore store = Memory();
  ScanDecision first = Scan(store, Entry("t1", "gate-a"), 1000);
  REQUIRE(first.result == ScanResult::kAdmitted);
  REQUIRE(first.recorded);
  CHECK(first.recorded->hlc == Hlc{1000, 0});
  CHECK(first.recorded->id.size() == 16);
  ScanDecision again = Scan(store, Entry("t1", "gate-a"), 2000);
  CHECK(again.result == ScanResult::kAlreadyAdmitted);
  CHECK_FALSE(again.recorded);
  REQUIRE(again.first);
  CHECK(again.first->id == first.recorded->id);
  CHECK(again.first->gate == "gate-a");
  CHECK(Scan(store, Entry("t2", "gate-a"), 2000).result == ScanResult::kAdmitted);
  auto scans = store.ScansOf("t1");
  REQUIRE(scans.ok());
  CHECK(scans->size() == 1);  // refusals are not recorded
}

TEST_CASE("token scan store: exits, and re-entry only under the reentry policy") {
  ScanStore store = Memory();
  CHECK(Scan(store, Exit("t1", "a"), 1000).result == ScanResult::kNotInside);
  CHECK(Scan(store, Entry("t1", "a"), 1001).result == ScanResult::kAdmitted);
  CHECK(Scan(store, Exit("t1", "a"), 1002).result == ScanResult::kExited);
  CHECK(Scan(store, Exit("t1", "a"), 1003).result == ScanResult::kNotInside);
  CHECK(Scan(store, Entry("t1", "a"), 1004).result == ScanResult::kAlreadyAdmitted);
  CHECK(Scan(store, Entry("t1", "a", ReentryPolicy::kReentry), 1005).result == ScanResult::kAdmitted);
  CHECK(Scan(store, Entry("t1", "a", ReentryPolicy::kReentry), 1006).result == ScanResult::kAlreadyAdmitted);
}

TEST_CASE("token scan store: a revoked ticket is refused, and stays refused") {
  ScanStore store = Memory();
  auto r = store.Revoke("t1", "box-office", "refunded", At(500));
  REQUIRE(r.ok());
  ScanDecision d = Scan(store, Entry("t1", "a"), 1000);
  CHECK(d.result == ScanResult::kRevoked);
  REQUIRE(d.revocation);
  CHECK(d.revocation->reason == "refunded");
  CHECK(d.revocation->gate == "box-office");
  CHECK(Scan(store, Entry("t2", "a"), 1000).result == ScanResult::kAdmitted);
}

TEST_CASE("token scan store: each rotating code admits once") {
  ScanStore store = Memory();
  ScanRequest r = Entry("t1", "a", ReentryPolicy::kReentry);
  r.code_step = 42;
  CHECK(Scan(store, r, 1000).result == ScanResult::kAdmitted);
  CHECK(Scan(store, Exit("t1", "a", ReentryPolicy::kReentry), 1001).result == ScanResult::kExited);
  CHECK(Scan(store, r, 1002).result == ScanResult::kCodeReused);
  r.code_step = 43;
  CHECK(Scan(store, r, 1003).result == ScanResult::kAdmitted);
}

TEST_CASE("token scan store: a batch sees its own scans and is durable only when committed") {
  auto dir = std::filesystem::temp_directory_path() / ("evt-scan-store-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto store = ScanStore::Open(dir.string());
    REQUIRE(store.ok());
    REQUIRE(store->BeginBatch().ok());
    CHECK(Scan(*store, Entry("t1", "a"), 1000).result == ScanResult::kAdmitted);
    CHECK(Scan(*store, Entry("t1", "a"), 1001).result == ScanResult::kAlreadyAdmitted);
    REQUIRE(store->CommitBatch().ok());
    REQUIRE(store->BeginBatch().ok());
    CHECK(Scan(*store, Entry("t2", "a"), 1002).result == ScanResult::kAdmitted);
    // Dropped without a commit: like a kill before the batch was durable.
  }
  auto store = ScanStore::Open(dir.string());
  REQUIRE(store.ok());
  auto t1 = store->ScansOf("t1");
  auto t2 = store->ScansOf("t2");
  REQUIRE(t1.ok());
  REQUIRE(t2.ok());
  CHECK(t1->size() == 1);
  CHECK(t2->empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("token scan store: export from a cursor, and merge keeps the first content of an id") {
  ScanStore a = Memory();
  ScanStore b = Memory();
  Scan(a, Entry("t1", "a"), 1000);
  Scan(a, Entry("t2", "a"), 1001);
  auto all = a.Export(0);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  auto later = a.Export((*all)[0].seq);
  REQUIRE(later.ok());
  REQUIRE(later->size() == 1);
  CHECK(later->front().scan->jti == "t2");

  std::vector<evt::token::ScanEvent> scans = {*(*all)[0].scan, *(*all)[1].scan};
  auto merged = b.Merge(scans, {}, kAnyDrift);
  REQUIRE(merged.ok());
  CHECK(merged->added == 2);
  CHECK(merged->touched_jtis == std::vector<std::string>{"t1", "t2"});
  scans[0].gate = "forged";
  auto again = b.Merge(scans, {}, kAnyDrift);
  REQUIRE(again.ok());
  CHECK(again->added == 0);
  CHECK(again->known == 1);
  CHECK(again->conflicting == 1);
  // The merged gate's clock moved past what it saw.
  ScanDecision next = Scan(b, Entry("t3", "b"), 5);
  REQUIRE(next.recorded);
  CHECK(next.recorded->hlc > Hlc{1001, 0});
}

TEST_CASE("token scan hlc: a tick never leaves what every importer accepts") {
  using evt::token::kMaxHlcPart;
  CHECK(HlcTick(Hlc{5000, kMaxHlcPart}, 10) == Hlc{5001, 0});
  CHECK(HlcTick(Hlc{kMaxHlcPart, kMaxHlcPart - 1}, 10) == Hlc{kMaxHlcPart, kMaxHlcPart});
  CHECK_FALSE(HlcTick(Hlc{kMaxHlcPart, kMaxHlcPart}, 10).has_value());
  // The drift bound looks at the wall part only.
  CHECK(evt::GsetDriftBound{1000, 600'000}.Admits(evt::token::SyncSetSchema::StampMs(
      evt::token::ScanEvent{"e", "t", "g", ScanType::kEntry, Hlc{1000 + 600'000, 7}, std::nullopt})));
  CHECK_FALSE(evt::GsetDriftBound{1000, 600'000}.Admits(1000 + 600'001));
  CHECK(evt::GsetDriftBound{1000, 1}.Admits(0));
}

TEST_CASE("token scan store: an element far ahead is merged quarantined and does not move the clock") {
  using evt::token::kMaxHlcPart;
  ScanStore a = Memory();
  ScanStore b = Memory();
  Scan(a, Entry("t1", "a"), 1'000'000);
  auto good = a.Export(0);
  REQUIRE(good.ok());
  evt::token::ScanEvent poisoned{"ffff0000ffff0000", "t2", "fast-gate", ScanType::kEntry, Hlc{kMaxHlcPart, kMaxHlcPart},
                                 std::nullopt};
  evt::token::DriftLimit drift{At(1'000'500), std::chrono::minutes(10)};
  auto merged = b.Merge({*good->front().scan, poisoned}, {}, drift);
  REQUIRE(merged.ok());
  CHECK(merged->added == 2);
  CHECK(merged->quarantined == 1);
  // The poisoned entry still counts: the ticket is inside.
  CHECK(Scan(b, Entry("t2", "b"), 1'001'000).result == ScanResult::kAlreadyAdmitted);
  ScanDecision next = Scan(b, Entry("t3", "b"), 1'001'000);
  REQUIRE(next.recorded);
  CHECK(next.recorded->hlc == Hlc{1'001'000, 0});
  auto listed = b.Quarantined();
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().scan->id == poisoned.id);
  CHECK(listed->front().quarantined);
  // Merging it again is a duplicate delivery, not a second quarantine.
  auto again = b.Merge({poisoned}, {}, drift);
  REQUIRE(again.ok());
  CHECK(again->known == 1);
  CHECK(again->quarantined == 0);
}

TEST_CASE("token scan store: a clock dragged ahead is rebased to the newest element within the drift") {
  using evt::token::kMaxHlcPart;
  ScanStore b = Memory();
  Scan(b, Entry("t1", "b"), 2'000'000);
  // A merge with no drift limit, as before quarantine existed.
  evt::token::ScanEvent poisoned{"ffff0000ffff0000", "t2", "fast-gate", ScanType::kEntry, Hlc{kMaxHlcPart, 5},
                                 std::nullopt};
  REQUIRE(b.Merge({poisoned}, {}, kUnlimitedDrift).ok());
  ScanDecision dragged = Scan(b, Entry("t3", "b"), 2'001'000);
  REQUIRE(dragged.recorded);
  CHECK(dragged.recorded->hlc == Hlc{kMaxHlcPart, 6});
  evt::token::DriftLimit drift{At(2'002'000), std::chrono::minutes(10)};
  auto preview = b.RebaseClock(drift, /*dry_run=*/true);
  REQUIRE(preview.ok());
  CHECK(preview->changes());
  CHECK(preview->quarantined == 2);  // the poisoned element, and the scan stamped from it
  auto rebase = b.RebaseClock(drift, /*dry_run=*/false);
  REQUIRE(rebase.ok());
  CHECK(rebase->before == Hlc{kMaxHlcPart, 6});
  CHECK(rebase->after == Hlc{2'000'000, 0});
  ScanDecision next = Scan(b, Entry("t4", "b"), 2'003'000);
  REQUIRE(next.recorded);
  CHECK(next.recorded->hlc == Hlc{2'003'000, 0});
  auto twice = b.RebaseClock(drift, /*dry_run=*/true);
  REQUIRE(twice.ok());
  CHECK_FALSE(twice->changes());
}

TEST_CASE("token scan store: a clock at the end of both parts refuses to stamp, naming the way out") {
  using evt::token::kMaxHlcPart;
  ScanStore b = Memory();
  evt::token::ScanEvent end{"ffff0000ffff0000", "t2", "fast-gate", ScanType::kEntry, Hlc{kMaxHlcPart, kMaxHlcPart},
                            std::nullopt};
  REQUIRE(b.Merge({end}, {}, kUnlimitedDrift).ok());
  auto refused = b.Scan(Entry("t3", "b"), At(1000));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  CHECK(refused.status().message().find("scans clock rebase") != std::string::npos);
}
