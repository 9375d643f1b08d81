// Sealing pending records into segments, and the segment's way to uploaded
// or dead-lettered, on an in-memory outbox.db.
#include <catch2/catch.hpp>

#include "tests/unit/outbox/outbox_store_fixture.h"
#include "tools/outbox/outbox_segment_store.h"

namespace evt::outbox {
namespace {

using testing::At;
using testing::Layout;
using testing::MemoryStore;
using testing::PutOk;
using testing::Record;

SealRule Rule(std::int64_t max_bytes, int max_age_s = 60) { return SealRule{max_bytes, std::chrono::seconds(max_age_s)}; }

std::optional<Segment> Seal(SegmentStore& segments, const SealRule& rule, TimePoint now, bool flush = false) {
  Result<std::optional<Segment>> sealed = segments.SealNext("shop", "alerts", rule, now, flush);
  INFO(sealed.status().ToString());
  REQUIRE(sealed.ok());
  return *sealed;
}

std::vector<std::string> Lines(SegmentStore& segments, std::int64_t seq) {
  std::vector<std::string> lines;
  Status s = segments.ForEachLine(seq, [&](std::string_view line) {
    lines.emplace_back(line);
    return Status::Ok();
  });
  REQUIRE(s.ok());
  return lines;
}

TEST_CASE("nothing is sealed before size, age or a flush says so", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts", {Record("alerts", "a1", 0), Record("alerts", "a2", 1)}, At(1));
  CHECK_FALSE(Seal(segments, Rule(1 << 20), At(30)).has_value());
  CHECK_FALSE(Seal(segments, Rule(1 << 20), At(60)).has_value());  // captured at the put, At(1)
  std::optional<Segment> aged = Seal(segments, Rule(1 << 20), At(61));
  REQUIRE(aged.has_value());
  CHECK(aged->records == 2);
  CHECK(aged->raw_bytes == 2 * 101);
  CHECK(aged->first_ms == At(1).time_since_epoch().count());
  CHECK_FALSE(Seal(segments, Rule(1 << 20), At(61), true).has_value());  // both are held already
}

TEST_CASE("a flush seals what is pending at once", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts", {Record("alerts", "a1", 0)}, At(0));
  std::optional<Segment> s = Seal(segments, Rule(1 << 20), At(1), true);
  REQUIRE(s.has_value());
  CHECK(Lines(segments, s->seq).size() == 1);
}

TEST_CASE("segments fill up to max_bytes in capture order, and a record too big seals alone", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts",
        {Record("alerts", "a1", 0), Record("alerts", "a2", 1), Record("alerts", "a3", 2),
         Record("alerts", "big", 3, 1000)},
        At(3));
  std::optional<Segment> first = Seal(segments, Rule(250), At(4));
  REQUIRE(first.has_value());
  CHECK(first->records == 2);  // a third 101-byte line would pass 250
  std::vector<std::string> lines = Lines(segments, first->seq);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("\"a1\"") != std::string::npos);
  CHECK(lines[1].find("\"a2\"") != std::string::npos);
  // a3 and big do not fit together: a3's segment is as full as it can be.
  std::optional<Segment> second = Seal(segments, Rule(250), At(5));
  REQUIRE(second.has_value());
  CHECK(second->records == 1);
  CHECK(second->seq > first->seq);
  std::optional<Segment> big = Seal(segments, Rule(250), At(5));
  REQUIRE(big.has_value());
  CHECK(big->records == 1);
  CHECK(big->raw_bytes == 1001);
}

TEST_CASE("a segment holds one origin's records only", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts",
        {Record("alerts", "a1", 0, 100, "kiosk-a"), Record("alerts", "b1", 1, 100, "kiosk-b"),
         Record("alerts", "a2", 2, 100, "kiosk-a")},
        At(2));
  std::optional<Segment> s = Seal(segments, Rule(1 << 20), At(3), true);
  REQUIRE(s.has_value());
  CHECK(s->origin == "kiosk-a");
  CHECK(s->records == 2);
  std::optional<Segment> b = Seal(segments, Rule(1 << 20), At(3), true);
  REQUIRE(b.has_value());
  CHECK(b->origin == "kiosk-b");
}

TEST_CASE("uploaded marks every record of the segment delivered in one go", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts", {Record("alerts", "a1", 0), Record("alerts", "a2", 1)}, At(1));
  std::optional<Segment> s = Seal(segments, Rule(1 << 20), At(2), true);
  REQUIRE(s.has_value());
  REQUIRE(segments.SetSpooled(s->seq, 77, std::string(64, 'a'), "site/alerts/kiosk-a/k").ok());
  REQUIRE(segments.SetUploadId(s->seq, "up-1").ok());
  REQUIRE(segments.AddPart(s->seq, 1, "\"e1\"").ok());
  REQUIRE(segments.AddPart(s->seq, 2, "\"e2\"").ok());
  Result<std::vector<std::pair<int, std::string>>> parts = segments.Parts(s->seq);
  REQUIRE(parts.ok());
  CHECK(parts->size() == 2);
  Result<std::vector<std::string>> claimed = segments.ClaimedUploadIds("shop");
  REQUIRE(claimed.ok());
  CHECK(*claimed == std::vector<std::string>{"up-1"});
  CHECK(store.FindDelivery("a1", "shop")->value().state == DeliveryState::kPending);

  REQUIRE(segments.MarkUploaded(s->seq, At(3), 200, "kiosk-a").ok());
  CHECK(store.FindDelivery("a1", "shop")->value().state == DeliveryState::kDelivered);
  CHECK(store.FindDelivery("a2", "shop")->value().state == DeliveryState::kDelivered);
  Result<std::optional<Segment>> found = segments.Find(s->seq);
  REQUIRE(found.ok());
  CHECK(found->value().state == SegmentState::kUploaded);
  CHECK(found->value().key == "site/alerts/kiosk-a/k");
  CHECK(segments.ClaimedUploadIds("shop")->empty());
  Result<SegmentTotals> totals = segments.Totals("shop", "alerts");
  REQUIRE(totals.ok());
  CHECK(totals->uploaded == 1);
  CHECK(totals->uploaded_raw_bytes == 202);
  CHECK(totals->uploaded_compressed_bytes == 77);
  CHECK(segments.UploadedOnDay(*s)->size() == 1);
}

TEST_CASE("a dead-lettered segment keeps its records pending until retry reopens it", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts", {Record("alerts", "a1", 0)}, At(0));
  std::optional<Segment> s = Seal(segments, Rule(1 << 20), At(1), true);
  REQUIRE(s.has_value());
  REQUIRE(segments.MarkDeadLettered(s->seq, At(2), 403, "InvalidAccessKeyId").ok());
  CHECK(store.FindDelivery("a1", "shop")->value().state == DeliveryState::kPending);
  CHECK(segments.Due("shop", At(100))->empty());
  CHECK_FALSE(Seal(segments, Rule(1 << 20), At(3), true).has_value());  // still the dead letter's
  Result<SegmentTotals> totals = segments.Totals("shop", "alerts");
  REQUIRE(totals.ok());
  CHECK(totals->dead_lettered == 1);
  Result<std::vector<Segment>> dead = segments.InState("shop", SegmentState::kDeadLettered);
  REQUIRE(dead.ok());
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().last_error == "InvalidAccessKeyId");

  CHECK(segments.Retry("shop", std::nullopt, At(4)).value() == 1);
  Result<std::vector<Segment>> due = segments.Due("shop", At(4));
  REQUIRE(due.ok());
  REQUIRE(due->size() == 1);
  CHECK(due->front().seq == s->seq);
}

TEST_CASE("a retried segment waits for its next attempt", "[outbox][s3]") {
  OutboxStore store = MemoryStore();
  SegmentStore segments(store.db());
  PutOk(store, Layout(), "alerts", {Record("alerts", "a1", 0)}, At(0));
  std::optional<Segment> s = Seal(segments, Rule(1 << 20), At(1), true);
  REQUIRE(s.has_value());
  REQUIRE(segments.MarkRetry(s->seq, At(10), 503, "SlowDown").ok());
  CHECK(segments.Due("shop", At(9))->empty());
  CHECK(segments.Due("shop", At(10))->size() == 1);
}

}  // namespace
}  // namespace evt::outbox
