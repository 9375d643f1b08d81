#include <filesystem>
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

TEST_CASE("outbox store: put adds a batch, keeps a replay once and reports a conflict without stopping the batch") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  PutReport first = PutOk(store, layout, "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 2)}, At(2));
  CHECK(first.counts.added == 2);
  CHECK(first.results[0].outcome == PutOutcome::kAdded);

  // o-1 again, restamped (another ts): the same content, a duplicate. o-2
  // with other content: a conflict, the stored line kept. o-3 still goes in.
  OutboxRecord replay = Record("orders", "o-1", 5);
  replay.line.replace(replay.line.find("2027-01-15T08:00:00.000Z"), 24, "2027-01-15T09:30:00.000Z");
  PutReport second =
      PutOk(store, layout, "orders",
            {replay, Record("orders", "o-2", 5, 100, "kiosk-a", "other"), Record("orders", "o-3", 5)}, At(5));
  REQUIRE(second.results.size() == 3);
  CHECK(second.results[0].outcome == PutOutcome::kDuplicate);
  CHECK(second.results[1].outcome == PutOutcome::kConflict);
  CHECK(second.results[1].stored_line == Record("orders", "o-2", 2).line);
  CHECK(second.results[2].outcome == PutOutcome::kAdded);
  CHECK(second.counts.added == 1);
  CHECK(second.counts.duplicate == 1);
  CHECK(second.counts.conflict == 1);
  CHECK_FALSE(second.refused);

  Result<std::vector<ListedRecord>> all = store.List({});
  REQUIRE(all.ok());
  CHECK(testing::Ids(*all) == std::vector<std::string>{"o-1", "o-2", "o-3"});
  Result<std::optional<OutboxRecord>> o1 = store.Find("o-1");
  REQUIRE(o1.ok());
  REQUIRE(*o1);
  CHECK((*o1)->captured_ms == At(2).time_since_epoch().count());  // captured at its put; the replay changed nothing
  CHECK((*o1)->origin == "kiosk-a");
}

TEST_CASE("outbox store: put makes a pending row per destination of the queue, due at once (a queue without destinations: none)") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout();
  PutOk(store, layout, "orders", {Record("orders", "o-1", 1)}, At(1));
  PutOk(store, layout, "telemetry", {Record("telemetry", "t-1", 1)}, At(1));
  Result<std::optional<Delivery>> row = store.FindDelivery("o-1", "shop");
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK((*row)->state == DeliveryState::kPending);
  CHECK((*row)->attempts == 0);
  CHECK((*row)->next_attempt_ms == At(1).time_since_epoch().count());
  Result<std::vector<ListedRecord>> telemetry = store.List(testing::InQueue("telemetry"));
  REQUIRE(telemetry.ok());
  REQUIRE(telemetry->size() == 1);
  CHECK(telemetry->front().deliveries.empty());
}

TEST_CASE("outbox store: put into a queue the layout lacks is a usage error and stores nothing") {
  OutboxStore store = MemoryStore();
  Result<PutReport> report = store.Put(Layout(), "nosuch", {Record("nosuch", "n-1", 1)}, At(1));
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kUsage);
  CHECK(report.status().message().find("nosuch") != std::string::npos);
  CHECK(store.List({})->empty());
}

TEST_CASE("outbox store: a critical queue at its bound refuses the whole batch with 75 and keeps what it had") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(/*orders_bound=*/1000);
  std::vector<OutboxRecord> nine;
  for (int i = 0; i < 9; ++i) nine.push_back(Record("orders", "o-" + std::to_string(i), i));
  PutOk(store, layout, "orders", nine, At(9));

  // 900 held + 2 x 100: over 1000. Nothing of the batch goes in, nothing is shed.
  PutReport refused = PutOk(store, layout, "orders", {Record("orders", "o-9", 10), Record("orders", "o-10", 10)}, At(10));
  REQUIRE(refused.refused);
  CHECK(refused.refused->code() == ExitCode::kTempFail);
  CHECK(refused.refused->message().find("queue orders (critical) is full") != std::string::npos);
  CHECK(refused.counts.refused == 2);
  CHECK(refused.results[0].outcome == PutOutcome::kRefusedFull);
  CHECK(refused.shed.empty());
  CHECK(testing::Ids(*store.List({})).size() == 9);
  CHECK_FALSE(*store.Find("o-9"));

  // One more still fits exactly, and a delivered record frees its bytes.
  CHECK_FALSE(PutOk(store, layout, "orders", {Record("orders", "o-9", 11)}, At(11)).refused);
  CHECK(PutOk(store, layout, "orders", {Record("orders", "o-10", 12)}, At(12)).refused);
  REQUIRE(*store.MarkDelivered("o-0", "shop", At(13), 201, "kiosk-a"));
  CHECK_FALSE(PutOk(store, layout, "orders", {Record("orders", "o-10", 14)}, At(14)).refused);
}

TEST_CASE("outbox store: a record larger than its queue's bound refuses its batch, whatever the class") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(1000, 1000, /*telemetry_bound=*/150);
  PutReport refused = PutOk(store, layout, "telemetry",
                            {Record("telemetry", "t-1", 1), Record("telemetry", "t-2", 1, 200)}, At(1));
  REQUIRE(refused.refused);
  CHECK(refused.refused->code() == ExitCode::kTempFail);
  CHECK(refused.refused->message().find("t-2 (200 bytes)") != std::string::npos);
  CHECK(store.List({})->empty());
}

TEST_CASE("outbox store: a non-essential queue over its bound sheds its own oldest first and counts them") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(1 << 20, 1 << 20, /*telemetry_bound=*/500);
  for (int i = 0; i < 5; ++i) PutOk(store, layout, "telemetry", {Record("telemetry", "t-" + std::to_string(i), i)}, At(i));
  PutReport report = PutOk(store, layout, "telemetry",
                           {Record("telemetry", "t-5", 10), Record("telemetry", "t-6", 11)}, At(11));
  CHECK_FALSE(report.refused);
  CHECK(report.counts.added == 2);
  REQUIRE(report.shed.size() == 2);
  CHECK(report.shed[0].id == "t-0");
  CHECK(report.shed[1].id == "t-1");
  CHECK(report.shed[0].queue == "telemetry");
  CHECK(report.shed[0].bytes == 100);
  CHECK(testing::Ids(*store.List({})) == std::vector<std::string>{"t-2", "t-3", "t-4", "t-5", "t-6"});
  Result<std::vector<QueueStats>> stats = store.Stats(layout, At(20));
  REQUIRE(stats.ok());
  const QueueStats& telemetry = testing::StatsOf(*stats, "telemetry", "");
  CHECK(telemetry.shed == 2);
  CHECK(telemetry.pending == 5);
  CHECK(telemetry.pending_bytes == 500);
}

TEST_CASE("outbox store: past the global bound the lowest class is shed first, then degraded, never critical") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(1 << 20, 1 << 20, 1 << 20, /*global_bound=*/1000);
  PutOk(store, layout, "alerts", {Record("alerts", "a-0", 0), Record("alerts", "a-1", 1)}, At(1));
  PutOk(store, layout, "telemetry", {Record("telemetry", "t-0", 2), Record("telemetry", "t-1", 3)}, At(3));
  std::vector<OutboxRecord> orders;
  for (int i = 0; i < 5; ++i) orders.push_back(Record("orders", "o-" + std::to_string(i), 10 + i));
  PutOk(store, layout, "orders", orders, At(14));  // 900 held: fits

  // Four more orders: 300 over. Telemetry goes first, though the alerts
  // are older; then the oldest alert.
  std::vector<OutboxRecord> more;
  for (int i = 5; i < 9; ++i) more.push_back(Record("orders", "o-" + std::to_string(i), 20));
  PutReport report = PutOk(store, layout, "orders", more, At(20));
  CHECK_FALSE(report.refused);
  REQUIRE(report.shed.size() == 3);
  CHECK(report.shed[0].id == "t-0");
  CHECK(report.shed[1].id == "t-1");
  CHECK(report.shed[2].id == "a-0");
  CHECK(report.counts.shed == 3);

  // Only critical and one alert left (900 + 100): an order that needs the
  // last alert's room sheds it; one more cannot be made room for.
  CHECK(PutOk(store, layout, "orders", {Record("orders", "o-9", 21)}, At(21)).shed.size() == 1);
  PutReport full = PutOk(store, layout, "orders", {Record("orders", "o-10", 22)}, At(22));
  REQUIRE(full.refused);
  CHECK(full.refused->code() == ExitCode::kTempFail);
  CHECK(full.refused->message().find("the outbox (all queues) is full") != std::string::npos);
  CHECK(testing::Ids(*store.List(testing::InQueue("orders"))).size() == 10);
  Result<std::vector<QueueStats>> stats = store.Stats(layout, At(30));
  REQUIRE(stats.ok());
  CHECK(testing::StatsOf(*stats, "telemetry", "").shed == 2);
  CHECK(testing::StatsOf(*stats, "alerts", "shop").shed == 2);
  CHECK(testing::StatsOf(*stats, "orders", "shop").shed == 0);
  CHECK(testing::StatsOf(*stats, "orders", "shop").pending == 10);
}

TEST_CASE("outbox store: a non-essential put sheds only non-essential records, its own included, never degraded") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(1 << 20, 1 << 20, 1 << 20, /*global_bound=*/300);
  PutOk(store, layout, "alerts", {Record("alerts", "a-0", 0), Record("alerts", "a-1", 1)}, At(1));
  PutOk(store, layout, "telemetry", {Record("telemetry", "t-0", 2)}, At(2));
  PutReport own = PutOk(store, layout, "telemetry", {Record("telemetry", "t-1", 3)}, At(3));
  REQUIRE(own.shed.size() == 1);
  CHECK(own.shed[0].id == "t-0");
  // 200 over: t-1 and the older of the batch go, oldest first.
  PutReport batch =
      PutOk(store, layout, "telemetry", {Record("telemetry", "t-2", 4), Record("telemetry", "t-3", 5)}, At(5));
  CHECK_FALSE(batch.refused);
  REQUIRE(batch.shed.size() == 2);
  CHECK(batch.shed[0].id == "t-1");
  CHECK(batch.shed[1].id == "t-2");
  CHECK(testing::Ids(*store.List({})) == std::vector<std::string>{"a-0", "a-1", "t-3"});
}

TEST_CASE("outbox store: a degraded put over the global bound sheds non-essential first, never critical") {
  OutboxStore store = MemoryStore();
  OutboxLayout layout = Layout(1 << 20, 1 << 20, 1 << 20, /*global_bound=*/300);
  PutOk(store, layout, "orders", {Record("orders", "o-0", 0), Record("orders", "o-1", 1)}, At(1));
  PutOk(store, layout, "telemetry", {Record("telemetry", "t-0", 2)}, At(2));
  PutReport report = PutOk(store, layout, "alerts", {Record("alerts", "a-0", 3)}, At(3));
  REQUIRE(report.shed.size() == 1);
  CHECK(report.shed[0].id == "t-0");
  // 200 over with only alerts to shed: a-0 and the older of the batch go.
  PutReport more = PutOk(store, layout, "alerts", {Record("alerts", "a-1", 4), Record("alerts", "a-2", 5)}, At(5));
  CHECK_FALSE(more.refused);
  CHECK(more.shed.size() == 2);
  CHECK(testing::Ids(*store.List({})) == std::vector<std::string>{"o-0", "o-1", "a-2"});
  // The orders' 200 bytes are never room: a two-alert batch sheds a-2 and
  // its own older record.
  PutReport again = PutOk(store, layout, "alerts", {Record("alerts", "a-3", 6), Record("alerts", "a-4", 7)}, At(7));
  CHECK_FALSE(again.refused);
  REQUIRE(again.shed.size() == 2);
  CHECK(again.shed[0].id == "a-2");
  CHECK(again.shed[1].id == "a-3");
  CHECK(testing::Ids(*store.List({})) == std::vector<std::string>{"o-0", "o-1", "a-4"});
}

TEST_CASE("outbox store: a file store survives reopening with everything a put committed") {
  std::string dir = std::string(EVT_BINARY_DIR) + "/tests/tmp/outbox_store_reopen";
  std::filesystem::remove_all(dir);
  OutboxLayout layout = Layout();
  {
    Result<OutboxStore> store = OutboxStore::Open(dir);
    REQUIRE(store.ok());
    PutOk(*store, layout, "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 1)}, At(1));
  }
  Result<OutboxStore> reader = OutboxStore::OpenReadOnly(dir);
  REQUIRE(reader.ok());
  CHECK(testing::Ids(*reader->List({})) == std::vector<std::string>{"o-1", "o-2"});
  Result<std::vector<DueDelivery>> due = reader->Due("shop", At(1), 10);
  REQUIRE(due.ok());
  CHECK(due->size() == 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace evt::outbox
