// The usage ledger through the hub (tools/budget/usage_hub.h) against an
// in-memory hub: a pulled row counts as the usage record saying the same
// would on ingest, so every box's spend is the site's.
#include "tools/budget/usage_hub.h"

#include <sqlite3.h>

#include <map>

#include <catch2/catch.hpp>

#include "budget_test_util.h"
#include "common/json_parse.h"
#include "tests/unit/hub_fake_exchange.h"
#include "tests/unit/store_test_util.h"
#include "tools/budget/ingest.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;
using evt::hub::HubElement;
using evt::testing::FakeHubExchange;

namespace {

const char* kConfig = R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"},
            "egress": {"per": 1, "price": 9, "currency": "EUR"}}
})";

std::string Usage(const std::string& id, const std::string& ts, const std::string& resource, const std::string& qty) {
  return R"({"kind":"usage","v":1,"ts":")" + ts + R"(","id":")" + id + R"(","component":"checkout","resource":")" +
         resource + R"(","qty":)" + qty + "}";
}

struct Box {
  explicit Box(const ManualClock& clock) : adapter(ledger, config, clock) {}
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  UsageHubAdapter adapter;
  FakeHubExchange::Box box{&adapter};

  void Ingest(const std::vector<std::string>& records, TimePoint now) {
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, now);
    for (const std::string& r : records) REQUIRE(ingester.Apply(*ParseJson(r, "test")).ok());
    REQUIRE(ledger.Commit().ok());
  }
  std::vector<std::tuple<std::string, std::string, std::int64_t>> Totals() {
    auto totals = ledger.UsageBetween(At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
    REQUIRE(totals.ok());
    std::vector<std::tuple<std::string, std::string, std::int64_t>> out;
    for (const UsageTotal& t : *totals) out.emplace_back(t.component, t.resource, t.qty_micro);
    return out;
  }
};

const TimePoint kNow{std::chrono::milliseconds(1'796'472'000'000)};  // 2026-12-05T12:00:00Z

}  // namespace

TEST_CASE("budget usage hub: boxes that synced count the usage one ledger fed every record would", "[budget]") {
  ManualClock clock(kNow);
  std::vector<std::string> at_a = {Usage("a1", "2026-12-05T11:00:00.000Z", "edge.exec", "2.5"),
                                   Usage("a2", "2026-12-05T11:00:30.000Z", "egress", "0.000001")};
  std::vector<std::string> at_b = {Usage("b1", "2026-12-05T11:00:10.000Z", "edge.exec", "1"),
                                   Usage("a1", "2026-12-05T11:00:00.000Z", "edge.exec", "2.5")};  // seen at both
  Box a(clock), b(clock), one(clock);
  a.Ingest(at_a, kNow);
  b.Ingest(at_b, kNow);
  one.Ingest(at_a, kNow);
  one.Ingest(at_b, kNow);
  FakeHubExchange hub;
  for (Box* box : {&a, &b, &a}) REQUIRE(hub.Sync(box->box).ok());
  CHECK(hub.rows().size() == 3);
  CHECK(a.Totals() == one.Totals());
  CHECK(b.Totals() == one.Totals());
  CHECK(*a.ledger.UsageRows() == 3);
  CHECK(a.ledger.CheckConsistency().ok());
  CHECK(b.ledger.CheckConsistency().ok());
}

TEST_CASE("budget usage hub: a row is the ledger's row, exported in arrival order, pruned rows gone", "[budget]") {
  ManualClock clock(kNow);
  Box a(clock);
  REQUIRE(a.ledger.GiveUsageSeqs().ok());  // a box that has synced: rows before it are in time order
  a.Ingest({Usage("late", "2026-12-05T11:30:00.000Z", "edge.exec", "1"),
            Usage("early", "2026-12-05T10:00:00.000Z", "edge.exec", "0.25")},
           kNow);
  auto page = a.adapter.ExportSince(0, 1);
  REQUIRE(page.ok());
  REQUIRE(page->elements.size() == 1);
  CHECK(page->elements[0].id == "late");
  CHECK(page->elements[0].record ==
        R"({"component":"checkout","id":"late","qty_micro":1000000,"resource":"edge.exec","ts":"2026-12-05T11:30:00.000Z"})");
  CHECK(page->elements[0].stamp_ms == At("2026-12-05T11:30:00Z").time_since_epoch().count());
  auto rest = a.adapter.ExportSince(page->last_seq, 10);
  REQUIRE(rest.ok());
  REQUIRE(rest->elements.size() == 1);
  CHECK(rest->elements[0].id == "early");
  REQUIRE(a.ledger.PruneBefore(At("2026-12-05T11:00:00Z")).ok());
  auto after_prune = a.adapter.ExportSince(0, 10);
  REQUIRE(after_prune.ok());
  REQUIRE(after_prune->elements.size() == 1);
  CHECK(after_prune->elements[0].id == "late");
}

TEST_CASE("budget usage hub: an id re-used for other usage is a conflict, kept as here, said once", "[budget]") {
  ManualClock clock(kNow);
  Box a(clock), b(clock);
  a.Ingest({Usage("x", "2026-12-05T11:00:00.000Z", "edge.exec", "2")}, kNow);
  b.Ingest({Usage("x", "2026-12-05T11:00:00.000Z", "edge.exec", "3")}, kNow);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  auto pulled = hub.Sync(b.box);
  REQUIRE(pulled.ok());
  CHECK(pulled->conflict == 1);
  auto conflicts = b.adapter.TakeConflicts();
  REQUIRE(conflicts.size() == 1);
  CHECK_THAT(conflicts[0], Catch::Contains("\"id\": \"x\" is already in the ledger with other usage"));
  CHECK(b.adapter.TakeConflicts().empty());
  CHECK(std::get<2>(b.Totals().at(0)) == 3000000);
}

TEST_CASE("budget usage hub: a row past budget.max_skew stops the pull at it, and lands once the clock agrees",
          "[budget]") {
  ManualClock clock(kNow);
  TimePoint fast_now = kNow + std::chrono::hours(1);
  ManualClock fast_clock(fast_now);  // the box whose clock runs an hour ahead
  Box fast(fast_clock), slow(clock);
  fast.Ingest({Usage("ahead", "2026-12-05T12:59:00.000Z", "edge.exec", "1")}, fast_now);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(fast.box).ok());
  auto pulled = hub.Sync(slow.box);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.usage: id \"ahead\": \"ts\": "));
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.max_skew"));
  CHECK(*slow.ledger.UsageRows() == 0);
  clock.Advance(std::chrono::hours(1));
  auto later = hub.Sync(slow.box);
  REQUIRE(later.ok());
  CHECK(later->added == 1);
}

TEST_CASE("budget usage hub: a row that does not read is 65 naming set and id, and nothing of its page lands",
          "[budget]") {
  ManualClock clock(kNow);
  Box a(clock), b(clock);
  a.Ingest({Usage("fine", "2026-12-05T11:00:00.000Z", "edge.exec", "1")}, kNow);
  FakeHubExchange hub;
  REQUIRE(hub.Sync(a.box).ok());
  std::string record;
  SECTION("not JSON") { record = "{"; }
  SECTION("a negative quantity") {
    record = R"({"component":"c","id":"bad","qty_micro":-1,"resource":"edge.exec","ts":"2026-12-05T11:00:00.000Z"})";
  }
  SECTION("a resource without a rate") {
    record = R"({"component":"c","id":"bad","qty_micro":1,"resource":"gold","ts":"2026-12-05T11:00:00.000Z"})";
  }
  SECTION("an unknown field") {
    record = R"({"component":"c","id":"bad","qty_micro":1,"resource":"edge.exec","ts":"2026-12-05T11:00:00.000Z","x":1})";
  }
  hub.Insert(HubElement{"bad", record, 0});
  auto pulled = hub.Sync(b.box, 10);
  REQUIRE_FALSE(pulled.ok());
  CHECK(pulled.status().code() == ExitCode::kDataErr);
  CHECK_THAT(pulled.status().message(), Catch::Contains("budget.usage: id \"bad\""));
  CHECK(*b.ledger.UsageRows() == 0);
}

TEST_CASE("budget usage hub: migration 5 gives the usage a ledger held before it a seq, in time order", "[budget]") {
  store_test::TempDir dir;
  ManualClock clock(kNow);
  {
    Ledger ledger = Ledger::Open(dir.path()).value();
    BudgetConfig config = MustConfig(kConfig);
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, kNow);
    REQUIRE(ingester.Apply(*ParseJson(Usage("late", "2026-12-05T11:30:00.000Z", "edge.exec", "1"), "t")).ok());
    REQUIRE(ingester.Apply(*ParseJson(Usage("early", "2026-12-05T10:00:00.000Z", "edge.exec", "1"), "t")).ok());
    REQUIRE(ledger.Commit().ok());
  }
  // Back to version 4: a ledger written before there was a hub.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() + "/budget.db").c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db,
                     "DROP INDEX usage_by_seq; ALTER TABLE usage DROP COLUMN seq; DROP TABLE usage_seq_high; "
                     "PRAGMA user_version = 4;",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  Ledger ledger = Ledger::Open(dir.path()).value();
  auto rows = ledger.UsageSince(0, 10);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].entry.id == "early");
  CHECK((*rows)[1].entry.id == "late");
  CHECK((*rows)[0].seq < (*rows)[1].seq);
}

namespace {

// A ledger at version 5, where a trigger gave each usage row a seq in
// usage_seq: `ids` added in order, then the newest `pruned` of them
// pruned, so AUTOINCREMENT's counter is past every seq left.
void WriteVersion5Ledger(const std::string& dir, const std::vector<std::string>& ids, std::size_t pruned) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir + "/budget.db").c_str(), &db) == SQLITE_OK);
  std::string sql =
      "CREATE TABLE usage (id TEXT PRIMARY KEY, ts_ms INTEGER NOT NULL, component TEXT NOT NULL, resource TEXT NOT NULL, "
      "qty_micro INTEGER NOT NULL CHECK (qty_micro >= 0)) WITHOUT ROWID;"
      "CREATE TABLE usage_seq (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE);"
      "CREATE TRIGGER usage_seq_add AFTER INSERT ON usage BEGIN INSERT INTO usage_seq (id) VALUES (NEW.id); END;"
      "CREATE TRIGGER usage_seq_prune AFTER DELETE ON usage BEGIN DELETE FROM usage_seq WHERE id = OLD.id; END;";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += "INSERT INTO usage VALUES ('" + ids[i] + "', " + std::to_string(1'796'464'800'000 + 1000 * i) +
           ", 'checkout', 'edge.exec', 1000000);";
  }
  for (std::size_t i = ids.size() - pruned; i < ids.size(); ++i) sql += "DELETE FROM usage WHERE id = '" + ids[i] + "';";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

// Version 6 keeps the seq in the usage row; the rows keep the seqs the hub
// may already have pushed them under, and a seq once given, even to a row
// since pruned, is not given again.
TEST_CASE("budget usage hub: migration 6 keeps each row's seq and gives none twice", "[budget]") {
  store_test::TempDir dir;
  // Version 5's own migrations first (the tables above are what they made),
  // so Open() runs migration 6 alone: its statements are kept here as
  // what the ledger held.
  {
    Ledger ledger = Ledger::Open(dir.path()).value();
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() + "/budget.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DROP TABLE usage; DROP TABLE usage_seq_high;", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  WriteVersion5Ledger(dir.path(), {"a", "b", "c", "d"}, 1);  // seqs 1, 2, 3 left; 4 given to "d", pruned
  REQUIRE(sqlite3_open((dir.path() + "/budget.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 5;", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);

  ManualClock clock(kNow);
  Ledger ledger = Ledger::Open(dir.path()).value();
  auto before = ledger.UsageSince(0, 10);
  REQUIRE(before.ok());
  REQUIRE(before->size() == 3);
  CHECK((*before)[0].entry.id == "a");
  CHECK((*before)[0].seq == 1);
  CHECK((*before)[2].entry.id == "c");
  CHECK((*before)[2].seq == 3);

  BudgetConfig config = MustConfig(kConfig);
  REQUIRE(ledger.Begin().ok());
  Ingester ingester(config, ledger, kNow);
  REQUIRE(ingester.Apply(*ParseJson(Usage("e", "2026-12-05T11:00:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ingester.Apply(*ParseJson(Usage("a", "2026-12-05T10:00:00.000Z", "edge.exec", "1"), "t")).ok());  // known
  REQUIRE(ingester.Apply(*ParseJson(Usage("f", "2026-12-05T11:01:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ledger.Commit().ok());
  auto after = ledger.UsageSince(3, 10);
  REQUIRE(after.ok());
  REQUIRE(after->size() == 2);
  CHECK((*after)[0].entry.id == "e");
  CHECK((*after)[0].seq == 5);  // past the pruned "d"'s 4
  CHECK((*after)[1].entry.id == "f");
  CHECK((*after)[1].seq == 6);
}

// The newest rows pruned, the next batch (in another process, so nothing
// is remembered in memory) still gives seqs past them.
TEST_CASE("budget usage hub: a seq is not given again after the newest usage is pruned", "[budget]") {
  store_test::TempDir dir;
  BudgetConfig config = MustConfig(kConfig);
  auto add = [&](const std::string& id, const std::string& ts) {
    Ledger ledger = Ledger::Open(dir.path()).value();
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, kNow);
    REQUIRE(ingester.Apply(*ParseJson(Usage(id, ts, "edge.exec", "1"), "t")).ok());
    REQUIRE(ledger.Commit().ok());
  };
  {
    Ledger ledger = Ledger::Open(dir.path()).value();
    REQUIRE(ledger.GiveUsageSeqs().ok());  // as the first sync's read does
  }
  add("old", "2026-12-05T10:00:00.000Z");
  add("late", "2026-12-05T10:00:30.000Z");  // arrives last with an old time
  {
    Ledger ledger = Ledger::Open(dir.path()).value();
    REQUIRE(ledger.PruneBefore(At("2026-12-05T10:30:00Z")).ok());
    REQUIRE(*ledger.UsageRows() == 0);
  }
  add("new", "2026-12-05T11:00:00.000Z");
  Ledger ledger = Ledger::Open(dir.path()).value();
  auto rows = ledger.UsageSince(0, 10);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0].entry.id == "new");
  CHECK((*rows)[0].seq == 3);
}

namespace {

// Each usage row's seq as the ledger holds it, NULL as -1, by id.
std::map<std::string, std::int64_t> SeqsOf(Ledger& ledger) {
  std::map<std::string, std::int64_t> out;
  auto st = ledger.store().Prepare("SELECT id, COALESCE(seq, -1) FROM usage");
  REQUIRE(st.ok());
  while (*st->Step()) out[st->ColumnText(0)] = st->ColumnInt64(1);
  return out;
}

}  // namespace

// A box no hub reads pays for no seq index; the first read (a first `usage
// sync`) gives what the ledger holds its seqs in time order, and each row
// from then on gets the next as it arrives, in this process or another.
TEST_CASE("budget usage hub: usage gets seqs from the hub's first read on and not before", "[budget]") {
  store_test::TempDir dir;
  BudgetConfig config = MustConfig(kConfig);
  auto add = [&](Ledger& ledger, const std::string& id, const std::string& ts) {
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, kNow);
    REQUIRE(ingester.Apply(*ParseJson(Usage(id, ts, "edge.exec", "1"), "t")).ok());
    REQUIRE(ledger.Commit().ok());
  };
  Ledger ledger = Ledger::Open(dir.path()).value();
  Ledger other = Ledger::Open(dir.path()).value();  // another process's
  add(ledger, "late", "2026-12-05T11:30:00.000Z");
  add(other, "early", "2026-12-05T10:00:00.000Z");
  CHECK(SeqsOf(ledger) == std::map<std::string, std::int64_t>{{"early", -1}, {"late", -1}});

  auto first = ledger.UsageSince(0, 10);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  CHECK((*first)[0].entry.id == "early");
  CHECK((*first)[0].seq == 1);
  CHECK((*first)[1].entry.id == "late");
  CHECK((*first)[1].seq == 2);

  add(other, "next", "2026-12-05T10:30:00.000Z");
  add(ledger, "last", "2026-12-05T10:40:00.000Z");
  CHECK(SeqsOf(ledger) == std::map<std::string, std::int64_t>{{"early", 1}, {"late", 2}, {"next", 3}, {"last", 4}});
  auto rest = ledger.UsageSince(2, 10);
  REQUIRE(rest.ok());
  REQUIRE(rest->size() == 2);
  CHECK((*rest)[0].entry.id == "next");
  CHECK((*rest)[1].entry.id == "last");
}

// A batch open when the hub's first read comes (`usage sync` merging a
// pull while a row of its own is in the batch) gives its later rows seqs,
// and the row before the read one too.
TEST_CASE("budget usage hub: the first read inside an open batch sequences the batch's rows", "[budget]") {
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  REQUIRE(ledger.Begin().ok());
  Ingester ingester(config, ledger, kNow);
  REQUIRE(ingester.Apply(*ParseJson(Usage("a", "2026-12-05T10:00:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ledger.GiveUsageSeqs().ok());
  REQUIRE(ingester.Apply(*ParseJson(Usage("b", "2026-12-05T10:01:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ledger.Commit().ok());
  CHECK(SeqsOf(ledger) == std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}});
  REQUIRE(ledger.Begin().ok());
  REQUIRE(ingester.Apply(*ParseJson(Usage("c", "2026-12-05T10:02:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ledger.Commit().ok());
  CHECK(SeqsOf(ledger)["c"] == 3);
}

// Version 7: an empty ledger stops giving seqs until a hub reads it; one
// holding usage may have pushed it under its seqs and keeps giving them.
TEST_CASE("budget usage hub: migration 7 keeps a ledger that holds usage giving seqs", "[budget]") {
  store_test::TempDir dir;
  BudgetConfig config = MustConfig(kConfig);
  {
    Ledger ledger = Ledger::Open(dir.path()).value();
    REQUIRE(ledger.GiveUsageSeqs().ok());
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, kNow);
    REQUIRE(ingester.Apply(*ParseJson(Usage("a", "2026-12-05T10:00:00.000Z", "edge.exec", "1"), "t")).ok());
    REQUIRE(ledger.Commit().ok());
  }
  // Back to version 6: its index held every row, NULL or not.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() + "/budget.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "DROP INDEX usage_by_seq; CREATE UNIQUE INDEX usage_by_seq ON usage (seq); "
                       "PRAGMA user_version = 6;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  Ledger ledger = Ledger::Open(dir.path()).value();
  REQUIRE(ledger.Begin().ok());
  Ingester ingester(config, ledger, kNow);
  REQUIRE(ingester.Apply(*ParseJson(Usage("b", "2026-12-05T10:01:00.000Z", "edge.exec", "1"), "t")).ok());
  REQUIRE(ledger.Commit().ok());
  CHECK(SeqsOf(ledger) == std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}});
}
