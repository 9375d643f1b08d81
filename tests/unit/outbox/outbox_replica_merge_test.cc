#include <string>
#include <vector>

#include "tests/unit/outbox/outbox_store_fixture.h"
#include "tools/outbox/replica_wire.h"

namespace evt::outbox {
namespace {

using testing::At;
using testing::Layout;
using testing::MemoryStore;
using testing::PutOk;
using testing::Record;

std::vector<std::string> ExportAll(OutboxStore& store, std::int64_t since = 0) {
  Result<ReplicaBatch> batch = store.ExportSince(since, 0);
  REQUIRE(batch.ok());
  CHECK_FALSE(batch->more);
  return batch->lines;
}

MergeReport MergeOk(OutboxStore& store, const std::vector<std::string>& lines,
                    PoisonPolicy poison = PoisonPolicy::kSkip) {
  Result<MergeReport> report = store.Merge(Layout(), lines, At(100), poison);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return *report;
}

TEST_CASE("outbox replica: export pages by cursor in change order, deliveries after the records they follow") {
  OutboxStore a = MemoryStore();
  PutOk(a, Layout(), "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 2)}, At(2));
  REQUIRE(*a.MarkDelivered("o-1", "shop", At(3), 200, "kiosk-a"));
  // o-1, its row, o-2, its row; then o-1's row changed: it moves to the end.
  std::vector<std::string> all = ExportAll(a);
  REQUIRE(all.size() == 4);
  CHECK(all[0].find(R"("kind":"outbox.element")") != std::string::npos);
  CHECK(all[0].find(R"("id":"o-1","queue")") != std::string::npos);
  CHECK(all[1].find(R"("kind":"outbox.element")") != std::string::npos);
  CHECK(all[1].find(R"("id":"o-2","queue")") != std::string::npos);
  CHECK(all[2].find(R"("id":"o-2","destination":"shop","state":"pending")") != std::string::npos);
  CHECK(all[3].find(R"("id":"o-1","destination":"shop","state":"delivered")") != std::string::npos);

  Result<ReplicaBatch> first = a.ExportSince(0, 3);
  REQUIRE(first.ok());
  CHECK(first->lines.size() == 3);
  CHECK(first->more);
  Result<ReplicaBatch> rest = a.ExportSince(first->next_cursor, 3);
  REQUIRE(rest.ok());
  CHECK(rest->lines == std::vector<std::string>{all[3]});
  CHECK_FALSE(rest->more);
  Result<ReplicaBatch> none = a.ExportSince(rest->next_cursor, 3);
  REQUIRE(none.ok());
  CHECK(none->lines.empty());
  CHECK(none->next_cursor == rest->next_cursor);
}

TEST_CASE("outbox replica: a merge adds elements with rows for this kiosk's destinations, joins rows, reports conflicts") {
  OutboxStore a = MemoryStore();
  OutboxStore b = MemoryStore();
  PutOk(a, Layout(), "orders", {Record("orders", "o-1", 1), Record("orders", "o-2", 2)}, At(2));
  REQUIRE(*a.MarkDelivered("o-1", "shop", At(3), 200, "kiosk-a"));
  PutOk(b, Layout(), "orders", {Record("orders", "o-2", 2, 100, "kiosk-b", "other")}, At(2));

  MergeReport report = MergeOk(b, ExportAll(a));
  CHECK(report.elements_added == 1);
  CHECK(report.elements_conflict == 1);
  REQUIRE(report.conflicts.size() == 1);
  CHECK(report.conflicts[0].id == "o-2");
  CHECK(report.conflicts[0].here_line == Record("orders", "o-2", 2, 100, "kiosk-b", "other").line);
  CHECK(report.conflicts[0].incoming_line == Record("orders", "o-2", 2).line);
  CHECK(report.deliveries_changed == 1);  // o-1's delivered row
  CHECK(report.deliveries_kept == 1);     // o-2's pending row: the same as here
  Result<std::optional<Delivery>> o1 = b.FindDelivery("o-1", "shop");
  REQUIRE(o1.ok());
  REQUIRE(*o1);
  CHECK((*o1)->state == DeliveryState::kDelivered);
  CHECK((*o1)->by == "kiosk-a");
  Result<std::optional<OutboxRecord>> kept = b.Find("o-2");
  CHECK((*kept)->origin == "kiosk-b");
  CHECK(b.Due("shop", At(100), 10)->size() == 1);  // o-2, b's own

  // Merging again changes nothing.
  MergeReport again = MergeOk(b, ExportAll(a));
  CHECK(again.elements_added == 0);
  CHECK(again.elements_duplicate == 1);
  CHECK(again.deliveries_changed == 0);
}

TEST_CASE("outbox replica: a row that arrives before its record is kept and applies when the record comes") {
  OutboxStore a = MemoryStore();
  OutboxStore b = MemoryStore();
  PutOk(a, Layout(), "orders", {Record("orders", "o-1", 1)}, At(1));
  REQUIRE(*a.MarkDelivered("o-1", "shop", At(3), 200, "kiosk-a"));
  std::vector<std::string> lines = ExportAll(a);
  REQUIRE(lines.size() == 2);
  MergeOk(b, {lines[1]});
  MergeReport later = MergeOk(b, {lines[0]});
  CHECK(later.elements_added == 1);
  CHECK(b.Due("shop", At(100), 10)->empty());
  Result<std::vector<QueueStats>> stats = b.Stats(Layout(), At(100));
  CHECK(testing::StatsOf(*stats, "orders", "shop").delivered == 1);
  CHECK(testing::StatsOf(*stats, "orders", "shop").pending == 0);
}

TEST_CASE("outbox replica: an element of a queue unknown here is kept without rows and counted") {
  OutboxStore a = MemoryStore();
  OutboxLayout wide = Layout();
  wide.queues.push_back(testing::Queue("returns", QueueClass::kDegraded, 1 << 20, {"shop"}));
  PutOk(a, wide, "returns", {Record("returns", "r-1", 1)}, At(1));
  OutboxStore b = MemoryStore();
  MergeReport report = MergeOk(b, ExportAll(a));
  CHECK(report.elements_added == 1);
  CHECK(report.elements_unknown_queue == 1);
  Result<std::vector<QueueStats>> stats = b.Stats(Layout(), At(100));
  REQUIRE(stats.ok());
  const QueueStats& returns = testing::StatsOf(*stats, "returns", "shop");  // a's row came over the wire
  CHECK_FALSE(returns.configured);
  CHECK(returns.pending == 1);
}

TEST_CASE("outbox replica: poisoned lines are skipped and named, or refuse the whole merge") {
  OutboxStore a = MemoryStore();
  PutOk(a, Layout(), "orders", {Record("orders", "o-1", 1)}, At(1));
  std::vector<std::string> lines = ExportAll(a);
  lines.insert(lines.begin() + 1, "{\"kind\":\"outbox.delivery_state\",\"id\":\"o-1\"}");
  lines.push_back("not json at all");

  OutboxStore strict = MemoryStore();
  Result<MergeReport> refused = strict.Merge(Layout(), lines, At(100), PoisonPolicy::kRefuseAll);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ExitCode::kDataErr);
  CHECK(refused.status().message().find("line 2") != std::string::npos);
  CHECK(strict.List({})->empty());  // nothing of it, the good line 1 included
  CHECK(ExportAll(strict).empty());

  OutboxStore lenient = MemoryStore();
  MergeReport report = MergeOk(lenient, lines);
  CHECK(report.poisoned == 2);
  REQUIRE(report.problems.size() == 2);
  CHECK(report.problems[0].line == 2);
  CHECK(report.problems[0].what.find("/destination: missing") != std::string::npos);
  CHECK(report.problems[1].line == 4);
  CHECK(report.elements_added == 1);
  CHECK(lenient.Due("shop", At(100), 10)->size() == 1);
}

}  // namespace
}  // namespace evt::outbox
