#include <catch2/catch.hpp>

#include "common/record_schema.h"
#include "common/time_format.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/outbox_tables.h"

using namespace evt;
using namespace evt::outbox;

namespace {

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1796565600000));  // 2026-12-06T14:00:00Z

void CheckValid(const Value& record) {
  Status valid = BuiltinRecordSchemas().Validate(record);
  INFO(valid.message());
  CHECK(valid.ok());
}

QueueStats OrdersAtShop() {
  QueueStats s;
  s.queue = "orders";
  s.cls = QueueClass::kCritical;
  s.destination = "shop";
  s.pending = 2;
  s.pending_bytes = 300;
  s.oldest_pending_age_ms = 125000;
  s.delivered = 7;
  s.retried = 3;
  s.dead_lettered = 1;
  return s;
}

}  // namespace

TEST_CASE("outbox records: put, conflict and shed records follow their schemas") {
  PutReport report;
  report.counts.added = 2;
  report.counts.duplicate = 1;
  report.shed.push_back(ShedRecord{"t1", "telemetry", 54});
  Value put = PutRecord(PutBatch{"orders", 3, 3}, report, kNow);
  CheckValid(put);
  CHECK(put.find("batch")->as_int() == 3);
  CHECK(put.find("added")->as_int() == 2);
  CHECK(put.find("shed")->as_int() == 1);
  CHECK(put.find("ts")->as_string() == FormatRfc3339(kNow));

  Result<Value> conflict =
      ConflictRecord("orders", "o1", R"({"kind":"order","id":"o1","total":1})", R"({"kind":"order","id":"o1","total":2})", kNow);
  REQUIRE(conflict.ok());
  CheckValid(*conflict);
  CHECK(conflict->find("stored")->find("total")->as_int() == 1);
  CHECK(conflict->find("offered")->find("total")->as_int() == 2);
  CHECK(ConflictRecord("", "o1", "{}", "{}", kNow)->find("queue") == nullptr);
  CHECK(ConflictRecord("orders", "o1", "not json", "{}", kNow).status().code() == ExitCode::kDataErr);

  Value shed = ShedRecordOf(report.shed[0], "orders", kNow);
  CheckValid(shed);
  CHECK(shed.find("for_queue")->as_string() == "orders");
}

TEST_CASE("outbox records: status rows leave out what is not there") {
  QueueStats s = OrdersAtShop();
  Value full = StatusRecord(s, kNow);
  CheckValid(full);
  CHECK(full.find("class")->as_string() == "critical");
  CHECK(full.find("oldest_pending_age_ms")->as_int() == 125000);
  CHECK(full.find("configured") == nullptr);

  s.destination.clear();
  s.oldest_pending_age_ms.reset();
  s.configured = false;
  Value bare = StatusRecord(s, kNow);
  CheckValid(bare);
  CHECK(bare.find("destination") == nullptr);
  CHECK(bare.find("oldest_pending_age_ms") == nullptr);
  CHECK(bare.find("configured")->as_bool() == false);
}

TEST_CASE("outbox records: a listed record carries the record and its delivery rows") {
  ListedRecord listed;
  listed.record = OutboxRecord{"o1", "orders", "kiosk-a", 1796565600000, R"({"kind":"order","id":"o1"})"};
  Delivery d;
  d.id = "o1";
  d.destination = "shop";
  d.state = DeliveryState::kDeadLettered;
  d.attempts = 1;
  d.last_status = 400;
  d.last_error = "unknown sku";
  d.updated_ms = 1796565601000;
  d.by = "kiosk-a";
  listed.deliveries.push_back(d);
  Result<Value> r = ListedRecordOf(listed, kNow);
  REQUIRE(r.ok());
  CheckValid(*r);
  CHECK(r->find("captured")->as_string() == "2026-12-06T14:00:00.000Z");
  const Value& row = r->find("deliveries")->as_array().at(0);
  CHECK(row.find("state")->as_string() == "dead_lettered");
  CHECK(row.find("status")->as_int() == 400);
  CHECK(row.find("next_attempt") == nullptr);
}

TEST_CASE("outbox records: retry, drop, cursor and merge records follow their schemas") {
  CheckValid(RetryRecord("shop", std::nullopt, 3, false, kNow));
  Value one = RetryRecord("shop", std::string("o1"), 1, true, kNow);
  CheckValid(one);
  CHECK(one.find("dry_run")->as_bool());
  CheckValid(DropRecord("o1", 1, false, kNow));
  CheckValid(CursorRecord(0, 912, 640, "kiosk-a", kNow));
  MergeReport m;
  m.elements_added = 4;
  m.deliveries_changed = 2;
  Value merge = MergeRecord(m, kNow);
  CheckValid(merge);
  CHECK(merge.find("added")->as_int() == 4);
  CHECK(MergeSummary(m) == "merged: 4 added, 0 duplicate, 0 conflicts; 2 delivery rows changed, 0 kept");
}

TEST_CASE("outbox records: the terminal's one-line put summary") {
  PutCounts t;
  t.added = 1;
  t.duplicate = 1;
  CHECK(PutSummary("orders", 1, t) == "orders: 2 records in 1 batch: 1 added, 1 duplicate, 0 conflicts, 0 shed");
  t.conflict = 1;
  t.refused = 2;
  CHECK(PutSummary("orders", 3, t) ==
        "orders: 5 records in 3 batches: 1 added, 1 duplicate, 1 conflict, 0 shed, 2 refused");
}

TEST_CASE("outbox tables: ages at a glance and a row per queue and destination") {
  CHECK(AgeText(std::nullopt) == "-");
  CHECK(AgeText(45000) == "45.0s");
  CHECK(AgeText(200000) == "3m20s");
  CHECK(AgeText(7500000) == "2h05m");
  std::string table = StatusTable({OrdersAtShop()}, false, 0);
  CHECK_THAT(table, Catch::StartsWith("queue"));
  CHECK_THAT(table, Catch::Contains("orders"));
  CHECK_THAT(table, Catch::Contains("2m05s"));
  CHECK(std::count(table.begin(), table.end(), '\n') == 2);
}
