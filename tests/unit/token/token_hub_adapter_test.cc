// The scan set through the hub (tools/token/hub_adapter.h) against an
// in-memory hub: what a gate pulls lands as `scans merge` lands an export,
// double admissions and quarantine included; poison stops the pull.
#include "tools/token/hub_adapter.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/unit/hub_fake_exchange.h"
#include "tools/token/scan_merge.h"

using evt::ManualClock;
using evt::TimePoint;
using evt::hub::HubElement;
using evt::testing::FakeHubExchange;
using namespace evt::token;

namespace {

constexpr std::int64_t kNowMs = 1'764'925'200'000;
TimePoint At(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

struct Gate {
  explicit Gate(const ManualClock& clock)
      : store(ScanStore::OpenMemory().value()),
        adapter(store, clock, std::chrono::minutes(10), ReentryPolicy::kSingle) {}
  ScanStore store;
  ScanHubAdapter adapter;
  FakeHubExchange::Box box{&adapter};

  void Scan(const std::string& jti, const std::string& gate, std::int64_t at_ms) {
    ScanRequest r;
    r.jti = jti;
    r.gate = gate;
    REQUIRE(store.Scan(r, At(at_ms)).ok());
  }
  std::vector<SyncElement> All() {
    auto all = store.Export(0);
    REQUIRE(all.ok());
    return *all;
  }
};

std::vector<std::string> Records(const std::vector<SyncElement>& elements) {
  std::vector<std::string> out;
  for (const SyncElement& e : elements) out.push_back(*SyncElementHubRecord(e));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("token hub adapter: two gates that admitted one ticket offline each see the double admission") {
  ManualClock clock(At(kNowMs));
  Gate a(clock), b(clock);
  a.Scan("t1", "gate-a", kNowMs);
  a.Scan("t2", "gate-a", kNowMs + 1);
  b.Scan("t1", "gate-b", kNowMs + 5);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  CHECK(a.adapter.TakeRevealed().empty());
  auto pulled_b = hub.Sync(b.box);
  REQUIRE(pulled_b.ok());
  CHECK(pulled_b->added == 2);  // a's two scans; b's own came back as a duplicate
  CHECK(pulled_b->duplicate == 1);
  auto revealed = b.adapter.TakeRevealed();
  REQUIRE(revealed.size() == 1);
  CHECK(revealed[0].jti == "t1");
  CHECK(revealed[0].admission.first->gate == "gate-a");
  REQUIRE(revealed[0].admission.doubles.size() == 1);
  CHECK(revealed[0].admission.doubles[0].gate == "gate-b");
  REQUIRE(hub.Sync(a.box).ok());
  CHECK(a.adapter.TakeRevealed().size() == 1);
  CHECK(Records(a.All()) == Records(b.All()));
  CHECK(b.adapter.TakeRevealed().empty());  // taken once
}

TEST_CASE("token hub adapter: a row is the export record without ts and seq, the same bytes from every gate") {
  ManualClock clock(At(kNowMs));
  Gate a(clock), b(clock);
  a.Scan("t1", "gate-a", kNowMs);
  REQUIRE(a.store.Revoke("t9", "box-office", "refunded", At(kNowMs + 2)).ok());
  auto page = a.adapter.ExportSince(0, 1);
  REQUIRE(page.ok());
  REQUIRE(page->elements.size() == 1);
  CHECK(page->last_seq == a.All()[0].seq);
  const HubElement& row = page->elements[0];
  CHECK(row.id == a.All()[0].scan->id);
  CHECK(row.stamp_ms == a.All()[0].scan->hlc.wall);
  CHECK(row.record.find("\"ts\"") == std::string::npos);
  CHECK(row.record.find("\"seq\"") == std::string::npos);
  CHECK(row.record.rfind("{\"at\":", 0) == 0);  // canonical: keys sorted
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  REQUIRE(hub.Sync(b.box).ok());
  auto again = b.adapter.ExportSince(0, 10);
  REQUIRE(again.ok());
  REQUIRE(again->elements.size() == 2);
  CHECK(again->elements[0].record == hub.rows()[0].record);
  CHECK(again->elements[1].record == hub.rows()[1].record);
  CHECK(b.store.Revocations()->size() == 1);
  auto empty = a.adapter.ExportSince(again->last_seq + 100, 10);
  REQUIRE(empty.ok());
  CHECK(empty->elements.empty());
  CHECK(empty->last_seq == again->last_seq + 100);
}

TEST_CASE("token hub adapter: an element stamped past token.max_drift is quarantined, as from a file") {
  ManualClock clock(At(kNowMs));
  Gate fast(clock), slow(clock), from_file(clock);
  fast.Scan("t1", "gate-fast", kNowMs + 3'600'000);  // an hour ahead
  FakeHubExchange hub;
  REQUIRE(hub.Sync(fast.box).ok());
  auto pulled = hub.Sync(slow.box);
  REQUIRE(pulled.ok());
  CHECK(pulled->quarantined == 1);
  CHECK(pulled->added == 0);
  auto elements = fast.All();
  auto merged = from_file.store.Merge({*elements[0].scan}, {}, DriftLimit{clock.Now(), std::chrono::minutes(10)});
  REQUIRE(merged.ok());
  CHECK(merged->quarantined == 1);
  CHECK(slow.store.Quarantined()->size() == 1);
  CHECK(Records(*slow.store.Quarantined()) == Records(*from_file.store.Quarantined()));
}

TEST_CASE("token hub adapter: a row that does not read is 65 naming set and id, and nothing of its page lands") {
  ManualClock clock(At(kNowMs));
  Gate a(clock), b(clock);
  a.Scan("t1", "gate-a", kNowMs);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  std::string bad_record;
  SECTION("not JSON") { bad_record = "{\"kind\":\"scan.event\","; }
  SECTION("a field of the wrong type") {
    bad_record = R"({"at":"x","gate":"g","hlc_logical":0,"hlc_wall":"soon","id":"poison-1","jti":"t","kind":"scan.event","type":"entry","v":1})";
  }
  SECTION("another kind") { bad_record = R"({"id":"poison-1","kind":"quote","v":1})"; }
  SECTION("another id than its row's") {
    bad_record = *SyncElementHubRecord(a.All()[0]);
  }
  hub.Insert(HubElement{"poison-1", bad_record, kNowMs});
  auto pulled = hub.Sync(b.box, 10);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == evt::ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("token.sync: id \"poison-1\""));
  CHECK(b.All().empty());
  CHECK(b.box.pulled == 0);
}
