// A merge that streams (tools/token/scan_merge.h) against the merge of a
// whole export: the same set, the same totals and the same double
// admissions revealed, however the export is cut into batches; nothing
// merged when it does not finish; and a scan and a revocation under one id
// settled as the whole merge settles them.
#include "tools/token/scan_merge.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using evt::Status;
using evt::TimePoint;
using evt::token::Admission;
using evt::token::Hlc;
using evt::token::ReentryPolicy;
using evt::token::Revocation;
using evt::token::ScanEvent;
using evt::token::ScanMerge;
using evt::token::ScanMergeTotals;
using evt::token::ScanStore;
using evt::token::ScanType;
using evt::token::SyncBatch;
using evt::token::SyncElement;

namespace {

const evt::token::DriftLimit kAnyDrift{TimePoint(std::chrono::milliseconds(0)), std::chrono::hours(24 * 365 * 100)};

ScanStore Memory() {
  auto store = ScanStore::OpenMemory();
  REQUIRE(store.ok());
  return std::move(*store);
}

ScanEvent Scan(const std::string& id, const std::string& jti, const std::string& gate, std::int64_t wall,
               ScanType type = ScanType::kEntry) {
  return ScanEvent{id, jti, gate, type, Hlc{wall, 0}, std::nullopt};
}

struct Revealed {
  std::string jti;
  std::vector<ScanEvent> doubles;
  friend bool operator==(const Revealed&, const Revealed&) = default;
};

struct Outcome {
  ScanMergeTotals totals;
  std::vector<Revealed> revealed;
};

// Merges `export_` into `store` in batches of `batch_size` elements.
Outcome StreamMerge(ScanStore& store, const SyncBatch& export_, std::size_t batch_size) {
  auto merge = ScanMerge::Begin(store, kAnyDrift);
  REQUIRE(merge.ok());
  SyncBatch batch;
  auto flush = [&] { REQUIRE(merge->Add(std::exchange(batch, SyncBatch{})).ok()); };
  for (const ScanEvent& e : export_.scans) {
    batch.scans.push_back(e);
    if (batch.size() >= batch_size) flush();
  }
  for (const Revocation& r : export_.revocations) {
    batch.revocations.push_back(r);
    if (batch.size() >= batch_size) flush();
  }
  flush();
  Outcome out;
  auto totals = merge->Finish(ReentryPolicy::kSingle, [&](const std::string& jti, const Admission& a) {
    out.revealed.push_back({jti, a.doubles});
    return Status::Ok();
  });
  REQUIRE(totals.ok());
  out.totals = *totals;
  return out;
}

std::vector<std::string> Ids(ScanStore& store) {
  auto all = store.Export(0);
  REQUIRE(all.ok());
  std::vector<std::string> ids;
  for (const SyncElement& e : *all) ids.push_back(e.scan ? "s:" + e.scan->id + e.scan->gate : "r:" + e.revocation->id);
  return ids;
}

std::uint32_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
  std::cout << "token_scan_merge_stream_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  return seed;
}

}  // namespace

TEST_CASE("token scan merge: batches merge as the whole export does") {
  std::mt19937 rng(Seed());
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
  // Two gates' elements over a few tickets: double admissions, conflicts
  // (an id with other content) and duplicates within the export.
  SyncBatch here_before;
  SyncBatch export_;
  for (int i = 0; i < 60; ++i) {
    std::string id = "e" + std::to_string(pick(80));
    ScanEvent e = Scan(id, "t" + std::to_string(pick(12)), pick(2) ? "a" : "b", 1000 + pick(500),
                       pick(4) ? ScanType::kEntry : ScanType::kExit);
    (pick(3) ? export_.scans : here_before.scans).push_back(e);
  }
  for (int i = 0; i < 6; ++i) {
    export_.revocations.push_back(Revocation{"r" + std::to_string(pick(4)), "t" + std::to_string(pick(12)), "a",
                                             "lost", Hlc{2000 + pick(9), 0}});
  }
  ScanStore whole = Memory();
  ScanStore streamed = Memory();
  for (ScanStore* s : {&whole, &streamed}) REQUIRE(s->Merge(here_before.scans, {}, kAnyDrift).ok());

  Outcome one = StreamMerge(whole, export_, 1 << 20);
  std::size_t batch_size = 1 + static_cast<std::size_t>(pick(7));
  INFO("batch size " << batch_size);
  Outcome many = StreamMerge(streamed, export_, batch_size);
  CHECK(Ids(whole) == Ids(streamed));
  CHECK(many.revealed == one.revealed);
  CHECK(many.totals.elements == export_.size());
  CHECK(many.totals.added == one.totals.added);
  CHECK(many.totals.known == one.totals.known);
  CHECK(many.totals.conflicting == one.totals.conflicting);

  // Idempotent: the same export again adds nothing and reveals nothing.
  Outcome again = StreamMerge(streamed, export_, batch_size);
  CHECK(again.totals.added == 0);
  CHECK(again.revealed.empty());
  CHECK(Ids(whole) == Ids(streamed));
}

TEST_CASE("token scan merge: reveals a double admission once, with the scans that made it") {
  ScanStore gate = Memory();
  REQUIRE(gate.Merge({Scan("a1", "t1", "a", 1000), Scan("a2", "t2", "a", 1001)}, {}, kAnyDrift).ok());
  SyncBatch export_{{Scan("b1", "t1", "b", 1100), Scan("b2", "t3", "b", 1100)}, {}};
  Outcome first = StreamMerge(gate, export_, 1);
  REQUIRE(first.revealed.size() == 1);
  CHECK(first.revealed[0].jti == "t1");
  CHECK(first.revealed[0].doubles == std::vector<ScanEvent>{export_.scans[0]});
  CHECK(first.totals.added == 2);
  // A third entry for t1 changes its double admissions: revealed again.
  Outcome third = StreamMerge(gate, SyncBatch{{Scan("c1", "t1", "c", 1200)}, {}}, 1);
  REQUIRE(third.revealed.size() == 1);
  CHECK(third.revealed[0].doubles.size() == 2);
}

TEST_CASE("token scan merge: nothing is merged unless it finishes") {
  ScanStore gate = Memory();
  REQUIRE(gate.Merge({Scan("a1", "t1", "a", 1000)}, {}, kAnyDrift).ok());
  {
    auto merge = ScanMerge::Begin(gate, kAnyDrift);
    REQUIRE(merge.ok());
    REQUIRE(merge->Add(SyncBatch{{Scan("b1", "t1", "b", 1100)}, {}}).ok());
    auto refused = merge->Finish(ReentryPolicy::kSingle, [](const std::string&, const Admission&) {
      return Status::DataErr("the records could not be written");
    });
    CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  }
  CHECK(Ids(gate) == std::vector<std::string>{"s:a1a"});
  {
    auto merge = ScanMerge::Begin(gate, kAnyDrift);
    REQUIRE(merge.ok());
    REQUIRE(merge->Add(SyncBatch{{Scan("b1", "t1", "b", 1100)}, {}}).ok());
    // Dropped before Finish: a bad record later in the export refused it whole.
  }
  CHECK(Ids(gate) == std::vector<std::string>{"s:a1a"});
}

TEST_CASE("token scan merge: every scan is offered before any revocation, whatever the batches") {
  ScanStore gate = Memory();
  auto merge = ScanMerge::Begin(gate, kAnyDrift);
  REQUIRE(merge.ok());
  REQUIRE(merge->Add(SyncBatch{{}, {Revocation{"x", "t1", "a", "lost", Hlc{900, 0}}}}).ok());
  REQUIRE(merge->Add(SyncBatch{{Scan("x", "t1", "a", 1000)}, {}}).ok());
  auto totals = merge->Finish(ReentryPolicy::kSingle, [](const std::string&, const Admission&) { return Status::Ok(); });
  REQUIRE(totals.ok());
  CHECK(totals->added == 1);
  CHECK(totals->conflicting == 1);
  CHECK(Ids(gate) == std::vector<std::string>{"s:xa"});
}
