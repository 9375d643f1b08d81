#include <optional>
#include <string>
#include <vector>

#include "tests/unit/outbox/outbox_store_fixture.h"

namespace evt::outbox {
namespace {

using testing::At;
using testing::Layout;
using testing::MemoryStore;
using testing::PutOk;
using testing::Record;

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

Delivery RowOf(OutboxStore& store, const std::string& id, const std::string& destination = "shop") {
  Result<std::optional<Delivery>> row = store.FindDelivery(id, destination);
  REQUIRE(row.ok());
  REQUIRE(*row);
  return **row;
}

std::vector<std::string> DueIds(OutboxStore& store, TimePoint now, std::size_t limit = 100) {
  Result<std::vector<DueDelivery>> due = store.Due("shop", now, limit);
  REQUIRE(due.ok());
  std::vector<std::string> ids;
  for (const DueDelivery& d : *due) ids.push_back(d.record.id);
  return ids;
}

TEST_CASE("outbox store: due lists pending rows whose time has come, oldest captured first, up to the limit") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  PutOk(store, layout, "orders", {Record("orders", "o-2", 2)}, At(2));
  PutOk(store, layout, "orders", {Record("orders", "o-1", 1)}, At(1));  // captured earlier by time, put later
  PutOk(store, layout, "alerts", {Record("alerts", "a-3", 3)}, At(3));
  CHECK(DueIds(store, At(10)) == std::vector<std::string>{"o-1", "o-2", "a-3"});
  CHECK(DueIds(store, At(10), 2) == std::vector<std::string>{"o-1", "o-2"});
  CHECK(DueIds(store, At(1)) == std::vector<std::string>{"o-1"});
  Result<std::vector<DueDelivery>> due = store.Due("shop", At(10), 1);
  REQUIRE(due.ok());
  CHECK(due->front().record.line == Record("orders", "o-1", 1).line);
  CHECK(due->front().delivery.state == DeliveryState::kPending);
  CHECK(store.Due("elsewhere", At(10), 10)->empty());
}

TEST_CASE("outbox store: a retry counts the attempt and waits; delivery is final; a late retry leaves it delivered") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  PutOk(store, layout, "orders", {Record("orders", "o-1", 1)}, At(1));
  REQUIRE(*store.MarkRetry("o-1", "shop", At(2), At(60), 503, "service unavailable", "kiosk-a"));
  Delivery row = RowOf(store, "o-1");
  CHECK(row.state == DeliveryState::kPending);
  CHECK(row.attempts == 1);
  CHECK(row.next_attempt_ms == Ms(At(60)));
  CHECK(row.last_status == 503);
  CHECK(row.last_error == "service unavailable");
  CHECK(DueIds(store, At(59)).empty());
  CHECK(DueIds(store, At(60)) == std::vector<std::string>{"o-1"});

  REQUIRE(*store.MarkDelivered("o-1", "shop", At(61), 201, "kiosk-b"));
  row = RowOf(store, "o-1");
  CHECK(row.state == DeliveryState::kDelivered);
  CHECK(row.attempts == 2);
  CHECK(row.by == "kiosk-b");
  CHECK(row.updated_ms == Ms(At(61)));
  CHECK(DueIds(store, At(100)).empty());
  // A pass that raced the delivery does not undo it.
  Result<bool> late = store.MarkRetry("o-1", "shop", At(62), At(90), 0, "timeout", "kiosk-a");
  REQUIRE(late.ok());
  CHECK_FALSE(*late);
  CHECK(RowOf(store, "o-1").state == DeliveryState::kDelivered);
}

TEST_CASE("outbox store: moving a row that is not there names the record and destination") {
  OutboxStore store = MemoryStore();
  Result<bool> moved = store.MarkDelivered("nosuch", "shop", At(1), 200, "kiosk-a");
  REQUIRE_FALSE(moved.ok());
  CHECK(moved.status().code() == ExitCode::kDataErr);
  CHECK(moved.status().message().find("nosuch") != std::string::npos);
  CHECK(moved.status().message().find("shop") != std::string::npos);
}

TEST_CASE("outbox store: a dead letter keeps the response, stays out of due, and a retry makes it due again, counted") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  PutOk(store, layout, "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 1)}, At(1));
  REQUIRE(*store.MarkDeadLettered("o-1", "shop", At(2), 400, "{\"error\":\"bad sku\"}", "kiosk-a"));
  REQUIRE(*store.MarkDeadLettered("o-2", "shop", At(2), 422, "unprocessable", "kiosk-a"));
  Delivery row = RowOf(store, "o-1");
  CHECK(row.state == DeliveryState::kDeadLettered);
  CHECK(row.last_status == 400);
  CHECK(row.last_error == "{\"error\":\"bad sku\"}");
  CHECK(DueIds(store, At(10)).empty());

  ListFilter dead;
  dead.state = DeliveryState::kDeadLettered;
  CHECK(testing::Ids(*store.List(dead)) == std::vector<std::string>{"o-1", "o-2"});

  Result<std::int64_t> one = store.Retry("shop", std::string("o-1"), At(20), "kiosk-a");
  REQUIRE(one.ok());
  CHECK(*one == 1);
  row = RowOf(store, "o-1");
  CHECK(row.state == DeliveryState::kPending);
  CHECK(row.retries == 1);
  CHECK(row.attempts == 1);
  CHECK(DueIds(store, At(20)) == std::vector<std::string>{"o-1"});
  CHECK(*store.Retry("shop", std::nullopt, At(21), "kiosk-a") == 1);  // o-2 only: o-1 is not dead
  CHECK(*store.Retry("shop", std::nullopt, At(22), "kiosk-a") == 0);
  CHECK(*store.Retry("other", std::nullopt, At(22), "kiosk-a") == 0);
}

TEST_CASE("outbox store: drop ends every unfinished row of a record and frees its room; an unknown id is an error") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(/*orders_bound=*/200);
  PutOk(store, layout, "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 2)}, At(2));
  CHECK(PutOk(store, layout, "orders", {Record("orders", "o-3", 3)}, At(3)).refused);
  Result<std::int64_t> dropped = store.Drop("o-1", At(4), "kiosk-a");
  REQUIRE(dropped.ok());
  CHECK(*dropped == 1);
  CHECK(RowOf(store, "o-1").state == DeliveryState::kDropped);
  CHECK(DueIds(store, At(10)) == std::vector<std::string>{"o-2"});
  CHECK_FALSE(PutOk(store, layout, "orders", {Record("orders", "o-3", 5)}, At(5)).refused);
  // Dropped is final: nothing moves it.
  CHECK_FALSE(*store.MarkDelivered("o-1", "shop", At(6), 200, "kiosk-a"));
  CHECK(*store.Drop("o-1", At(7), "kiosk-a") == 0);

  Result<std::int64_t> unknown = store.Drop("nosuch", At(8), "kiosk-a");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == ExitCode::kDataErr);
}

TEST_CASE("outbox store: stats per queue and destination: pending, bytes, oldest age, delivered, retried, dead letters") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  layout.queues[0].destinations.push_back("backup");
  PutOk(store, layout, "orders",
        {Record("orders", "o-1", 1), Record("orders", "o-2", 2), Record("orders", "o-3", 3), Record("orders", "o-4", 4)},
        At(4));
  PutOk(store, layout, "telemetry", {Record("telemetry", "t-1", 5, 150)}, At(5));
  REQUIRE(*store.MarkRetry("o-1", "shop", At(6), At(7), 503, "", "kiosk-a"));
  REQUIRE(*store.MarkRetry("o-1", "shop", At(8), At(9), 503, "", "kiosk-a"));
  REQUIRE(*store.MarkDelivered("o-1", "shop", At(10), 200, "kiosk-a"));
  REQUIRE(*store.MarkDeadLettered("o-2", "shop", At(10), 400, "no", "kiosk-a"));
  REQUIRE(*store.Drop("o-3", At(10), "kiosk-a") == 2);

  Result<std::vector<QueueStats>> stats = store.Stats(layout, At(104));
  REQUIRE(stats.ok());
  const QueueStats& shop = testing::StatsOf(*stats, "orders", "shop");
  CHECK(shop.cls == QueueClass::kCritical);
  CHECK(shop.configured);
  CHECK(shop.pending == 1);  // o-4
  CHECK(shop.pending_bytes == 100);
  REQUIRE(shop.oldest_pending_age_ms);
  CHECK(*shop.oldest_pending_age_ms == 100'000);
  CHECK(shop.delivered == 1);
  CHECK(shop.retried == 2);
  CHECK(shop.dead_lettered == 1);
  CHECK(shop.dropped == 1);
  const QueueStats& backup = testing::StatsOf(*stats, "orders", "backup");
  CHECK(backup.pending == 3);  // o-1, o-2, o-4
  CHECK(*backup.oldest_pending_age_ms == 100'000);  // the batch was captured at its put
  const QueueStats& alerts = testing::StatsOf(*stats, "alerts", "shop");
  CHECK(alerts.pending == 0);
  CHECK_FALSE(alerts.oldest_pending_age_ms);
  const QueueStats& telemetry = testing::StatsOf(*stats, "telemetry", "");
  CHECK(telemetry.pending == 1);
  CHECK(telemetry.pending_bytes == 150);
  CHECK(telemetry.cls == QueueClass::kNonEssential);
  CHECK(stats->size() == 4);
}

TEST_CASE("outbox store: peers' last seen only moves forward") {
  OutboxStore store = MemoryStore();
  CHECK_FALSE(*store.PeerLastSeen("kiosk-b"));
  REQUIRE(store.NotePeer("kiosk-b", At(10)).ok());
  REQUIRE(store.NotePeer("kiosk-b", At(5)).ok());
  Result<std::optional<TimePoint>> seen = store.PeerLastSeen("kiosk-b");
  REQUIRE(seen.ok());
  REQUIRE(*seen);
  CHECK(**seen == At(10));
  CHECK_FALSE(*store.PeerLastSeen("kiosk-c"));
}

}  // namespace
}  // namespace evt::outbox
