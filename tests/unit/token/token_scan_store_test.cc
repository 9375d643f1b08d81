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

TEST_CASE("token scan store: a ticket admits once; the refusal names the first admission") {
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
  auto merged = b.Merge(scans, {});
  REQUIRE(merged.ok());
  CHECK(merged->added == 2);
  CHECK(merged->touched_jtis == std::vector<std::string>{"t1", "t2"});
  scans[0].gate = "forged";
  auto again = b.Merge(scans, {});
  REQUIRE(again.ok());
  CHECK(again->added == 0);
  CHECK(again->known == 1);
  CHECK(again->conflicting == 1);
  // The merged gate's clock moved past what it saw.
  ScanDecision next = Scan(b, Entry("t3", "b"), 5);
  REQUIRE(next.recorded);
  CHECK(next.recorded->hlc > Hlc{1001, 0});
}
