#include "tools/budget/ledger.h"

#include <sqlite3.h>

#include <optional>
#include <utility>

namespace evt::budget {
namespace {

const std::vector<Migration> kMigrations = {
    {1, R"sql(
CREATE TABLE usage (
  id TEXT PRIMARY KEY,
  ts_ms INTEGER NOT NULL,
  component TEXT NOT NULL,
  resource TEXT NOT NULL,
  qty_micro INTEGER NOT NULL CHECK (qty_micro >= 0)
) WITHOUT ROWID;
CREATE TABLE usage_minute (
  minute_ms INTEGER NOT NULL,
  component TEXT NOT NULL,
  resource TEXT NOT NULL,
  qty_micro INTEGER NOT NULL CHECK (typeof(qty_micro) = 'integer'),  -- an overflow would turn it REAL
  PRIMARY KEY (minute_ms, component, resource)
) WITHOUT ROWID;
CREATE TABLE events_seen (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE events_second (
  component TEXT NOT NULL,
  second_ms INTEGER NOT NULL,
  good INTEGER NOT NULL,
  bad INTEGER NOT NULL,
  PRIMARY KEY (component, second_ms)
) WITHOUT ROWID;
CREATE TABLE gauge (
  source TEXT NOT NULL,
  name TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (source, name, ts_ms)
) WITHOUT ROWID;
CREATE TABLE counter_last (
  series TEXT PRIMARY KEY,
  ts_ms INTEGER NOT NULL,
  value REAL NOT NULL
);
CREATE TABLE governor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  level INTEGER NOT NULL,
  since_ms INTEGER NOT NULL
);
)sql"},
    {2, R"sql(
CREATE TABLE swap (
  source TEXT PRIMARY KEY,
  from_ms INTEGER NOT NULL,
  until_ms INTEGER NOT NULL CHECK (until_ms > from_ms)
) WITHOUT ROWID;
CREATE TABLE gauge_held (
  source TEXT NOT NULL,
  name TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (source, name)
) WITHOUT ROWID;
)sql"},
    // Whether each event was good, to tell a replay from an id re-used for
    // the other outcome; NULL for events seen before it was kept.
    {3, R"sql(
ALTER TABLE events_seen ADD COLUMN good INTEGER;
)sql"},
    // A batch of events under one id (a load.window: a second of a load
    // test), its good and bad counts; NULL for a single event.
    {4, R"sql(
ALTER TABLE events_seen ADD COLUMN good_count INTEGER CHECK (good_count >= 0);
ALTER TABLE events_seen ADD COLUMN bad_count INTEGER CHECK (bad_count >= 0);
)sql"},
    // The order usage arrived in, the hub's push cursor (doc/design.md §18):
    // usage is WITHOUT ROWID, so its rows have no seq of their own. The
    // triggers keep it whatever adds or prunes usage; the rows already here
    // get one in time order.
    {5, R"sql(
CREATE TABLE usage_seq (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE
);
INSERT INTO usage_seq (id) SELECT id FROM usage ORDER BY ts_ms, id;
CREATE TRIGGER usage_seq_add AFTER INSERT ON usage BEGIN INSERT INTO usage_seq (id) VALUES (NEW.id); END;
CREATE TRIGGER usage_seq_prune AFTER DELETE ON usage BEGIN DELETE FROM usage_seq WHERE id = OLD.id; END;
)sql"},
    // The seq moves into the usage row, indexed, and the ledger gives it
    // (AddUsage): version 5's trigger inserted each row's id a second time,
    // into a table with a unique index on the id and an AUTOINCREMENT
    // counter rewritten per row, which was more than half of an ingest's
    // time. usage_seq_high is the largest seq ever given, what
    // AUTOINCREMENT kept, so that a seq is never given again after the
    // newest rows are pruned (the hub's cursor would pass over the row).
    {6, R"sql(
ALTER TABLE usage ADD COLUMN seq INTEGER;
UPDATE usage SET seq = (SELECT s.seq FROM usage_seq s WHERE s.id = usage.id);
CREATE UNIQUE INDEX usage_by_seq ON usage (seq);
CREATE TABLE usage_seq_high (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  seq INTEGER NOT NULL
);
INSERT INTO usage_seq_high (one, seq)
  VALUES (1, MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'usage_seq'), 0),
                 COALESCE((SELECT MAX(seq) FROM usage), 0)));
DROP TRIGGER usage_seq_add;
DROP TRIGGER usage_seq_prune;
DROP TABLE usage_seq;
)sql"},
    // A ledger gives usage a seq only once the hub has read it (UsageSince,
    // a first `usage sync`): the index on seq was a third of an ingest's
    // time, paid by every box whether or not a hub ever asks. The row in
    // usage_seq_high says the ledger gives seqs; the first read sequences
    // what it holds, in time order as migration 5 did. A ledger that holds
    // usage may already have been pushed under its seqs, so it keeps giving
    // them.
    {7, R"sql(
DROP INDEX usage_by_seq;
CREATE UNIQUE INDEX usage_by_seq ON usage (seq) WHERE seq IS NOT NULL;
DELETE FROM usage_seq_high WHERE seq = 0 AND NOT EXISTS (SELECT 1 FROM usage);
)sql"},
};

constexpr std::int64_t kMinuteMs = 60 * 1000;
constexpr std::int64_t kSecondMs = 1000;

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

// The (ts_ms, value) row a gauge query found, if it found one.
Result<std::optional<GaugeSample>> GaugeRowIfAny(Statement& st, const std::string& source, const std::string& name) {
  Result<bool> row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<GaugeSample>();
  return std::optional<GaugeSample>(GaugeSample{source, name, FromMs(st.ColumnInt64(0)), st.ColumnDouble(1)});
}
std::int64_t Floor(std::int64_t ms, std::int64_t grain) {
  std::int64_t q = ms / grain;
  if (ms % grain < 0) --q;
  return q * grain;
}

using UsageKey = std::tuple<std::int64_t, std::string, std::string>;
using EventKey = std::pair<std::string, std::int64_t>;

}  // namespace

struct Ledger::Impl {
  Store store;
  std::optional<Transaction> tx;
  std::optional<Statement> insert_usage;
  std::optional<Statement> insert_event;
  std::optional<Statement> insert_events;
  std::optional<Statement> insert_gauge;
  std::optional<Statement> read_counter;
  std::optional<Statement> write_counter;
  // What this batch adds to the rollups, written once at Commit: a batch of
  // thousands of records then costs a handful of upserts, not one each.
  std::map<UsageKey, std::int64_t> usage_rollup;
  std::map<EventKey, std::pair<std::int64_t, std::int64_t>> event_rollup;
  // The largest usage seq given, read in the batch's transaction at its
  // first AddUsage (another process may have added usage, or the hub's
  // first read sequenced the ledger, since the last batch) and written
  // back at Commit when it moved; none while the ledger gives no seqs.
  std::optional<std::optional<std::int64_t>> usage_seq_high;
  bool usage_seq_moved = false;

  void ForgetBatch() {
    usage_rollup.clear();
    event_rollup.clear();
    usage_seq_high.reset();
    usage_seq_moved = false;
  }

  Result<std::optional<std::int64_t>> UsageSeqHigh() {
    if (usage_seq_high) return *usage_seq_high;
    Result<Statement> st = store.Prepare("SELECT seq FROM usage_seq_high WHERE one = 1");
    if (!st.ok()) return st.status();
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    usage_seq_high = *row ? std::optional<std::int64_t>(st->ColumnInt64(0)) : std::nullopt;
    return *usage_seq_high;
  }

  Status WriteUsageSeqHigh() {
    if (!usage_seq_moved) return Status::Ok();
    Result<Statement> st = store.Prepare("INSERT OR REPLACE INTO usage_seq_high (one, seq) VALUES (1, ?1)");
    if (!st.ok()) return st.status();
    EVT_RETURN_IF_ERROR(st->BindAll({**usage_seq_high}));
    return st->Run();
  }

  explicit Impl(Store s) : store(std::move(s)) {}

  Result<Statement*> Prepared(std::optional<Statement>& slot, std::string_view sql) {
    if (!slot) {
      Result<Statement> st = store.Prepare(sql);
      if (!st.ok()) return st.status();
      slot.emplace(std::move(*st));
    }
    return &*slot;
  }

  // `write` in the open batch's transaction, or in one of its own when no
  // batch is open, so a single setter commits by itself.
  template <typename Write>
  Status InBatchOrAlone(Write write) {
    std::optional<Transaction> own;
    if (!tx) {
      Result<Transaction> begun = Transaction::Begin(store, TxMode::kWrite);
      if (!begun.ok()) return begun.status();
      own.emplace(std::move(*begun));
    }
    EVT_RETURN_IF_ERROR(write());
    return own ? own->Commit() : Status::Ok();
  }

  Status WriteInBatchOrAlone(std::string_view sql, std::initializer_list<SqlValue> values) {
    return InBatchOrAlone([&] {
      Result<Statement> st = store.Prepare(sql);
      if (!st.ok()) return st.status();
      EVT_RETURN_IF_ERROR(st->BindAll(values));
      return st->Run();
    });
  }
};

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

namespace {

// SQLite keeps memory statistics (sqlite3_memory_used) by default, taking a
// global mutex on every allocation and free: a fifth of an ingest's CPU
// (tests/bench/budget_ledger.sh), for figures evt never reads. And it locks
// each connection on every call, in case two threads share it; evt-budget
// never does (the heartbeat's thread has a connection of its own): 5 % of
// an ingest. The settings are the process's and only take before SQLite's
// first use; later calls change nothing, so the results are not checked.
void SkipSqliteCostsBudgetNeverUses() {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

}  // namespace

Result<Ledger> Ledger::Open(const std::string& state_dir) {
  SkipSqliteCostsBudgetNeverUses();
  Result<Store> store = Store::Open(state_dir, "budget", kMigrations);
  if (!store.ok()) return store.status();
  return Ledger(std::make_unique<Impl>(std::move(*store)));
}

Result<Ledger> Ledger::OpenMemory() {
  Result<Store> store = Store::OpenMemory("budget", kMigrations);
  if (!store.ok()) return store.status();
  return Ledger(std::make_unique<Impl>(std::move(*store)));
}

Store& Ledger::store() { return impl_->store; }

Status Ledger::Begin() {
  if (impl_->tx) return Status::Internal("ledger: a batch is already open");
  impl_->ForgetBatch();
  Result<Transaction> tx = Transaction::Begin(impl_->store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  impl_->tx.emplace(std::move(*tx));
  return Status::Ok();
}

Status Ledger::FlushRollups() {
  EVT_RETURN_IF_ERROR(impl_->WriteUsageSeqHigh());
  if (!impl_->usage_rollup.empty()) {
    Result<Statement> up = impl_->store.Prepare(
        "INSERT INTO usage_minute (minute_ms, component, resource, qty_micro) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (minute_ms, component, resource) DO UPDATE SET qty_micro = qty_micro + excluded.qty_micro");
    if (!up.ok()) return up.status();
    for (const auto& [key, qty] : impl_->usage_rollup) {
      EVT_RETURN_IF_ERROR(up->BindAll({std::get<0>(key), std::get<1>(key), std::get<2>(key), qty}));
      EVT_RETURN_IF_ERROR(up->Run());
    }
  }
  if (!impl_->event_rollup.empty()) {
    Result<Statement> up = impl_->store.Prepare(
        "INSERT INTO events_second (component, second_ms, good, bad) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (component, second_ms) DO UPDATE SET good = good + excluded.good, bad = bad + excluded.bad");
    if (!up.ok()) return up.status();
    for (const auto& [key, counts] : impl_->event_rollup) {
      EVT_RETURN_IF_ERROR(up->BindAll({key.first, key.second, counts.first, counts.second}));
      EVT_RETURN_IF_ERROR(up->Run());
    }
  }
  return Status::Ok();
}

Status Ledger::Commit() {
  if (!impl_->tx) return Status::Internal("ledger: no batch open");
  Status flushed = FlushRollups();
  impl_->ForgetBatch();
  if (!flushed.ok()) {
    impl_->tx.reset();
    return flushed;
  }
  Status committed = impl_->tx->Commit();
  impl_->tx.reset();
  return committed;
}

void Ledger::Abandon() {
  impl_->ForgetBatch();
  impl_->tx.reset();
}

Result<bool> Ledger::AddUsage(const UsageEntry& e) {
  if (e.qty_micro < 0) return Status::DataErr("\"qty\": expected a number of units, 0 or more");
  std::int64_t& pending = impl_->usage_rollup[UsageKey{Floor(Ms(e.ts), kMinuteMs), e.component, e.resource}];
  std::int64_t sum = 0;
  if (__builtin_add_overflow(pending, e.qty_micro, &sum)) {
    return Status::DataErr("\"qty\": the usage of " + e.resource + " by " + e.component +
                           " in one minute would exceed what the ledger holds (9.2e12 units)");
  }
  Result<std::optional<std::int64_t>> high = impl_->UsageSeqHigh();
  if (!high.ok()) return high.status();
  Result<Statement*> st = impl_->Prepared(
      impl_->insert_usage,
      "INSERT INTO usage (id, ts_ms, component, resource, qty_micro, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (id) DO NOTHING");
  if (!st.ok()) return st.status();
  SqlValue seq = *high ? SqlValue(**high + 1) : SqlValue(nullptr);
  EVT_RETURN_IF_ERROR((*st)->RunWith({e.id, Ms(e.ts), e.component, e.resource, e.qty_micro, seq}));
  if (impl_->store.changes() == 0) return false;  // a known id: its seq is given to the next row
  if (*high) {
    impl_->usage_seq_high = std::optional<std::int64_t>(**high + 1);
    impl_->usage_seq_moved = true;
  }
  pending = sum;
  return true;
}

Result<std::optional<UsageEntry>> Ledger::FindUsage(const std::string& id) {
  Result<Statement> st = impl_->store.Prepare("SELECT ts_ms, component, resource, qty_micro FROM usage WHERE id = ?1");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({id}));
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<UsageEntry>();
  return std::optional<UsageEntry>(
      UsageEntry{id, FromMs(st->ColumnInt64(0)), st->ColumnText(1), st->ColumnText(2), st->ColumnInt64(3)});
}

Result<std::optional<bool>> Ledger::EventWasGood(const std::string& id) {
  Result<Statement> st = impl_->store.Prepare("SELECT good FROM events_seen WHERE id = ?1 AND good IS NOT NULL");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({id}));
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<bool>();
  return std::optional<bool>(st->ColumnInt64(0) != 0);
}

Result<bool> Ledger::AddEvent(const EventEntry& e) {
  Result<Statement*> st = impl_->Prepared(
      impl_->insert_event, "INSERT INTO events_seen (id, good) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR((*st)->BindAll({e.id, e.good ? 1 : 0}));
  EVT_RETURN_IF_ERROR((*st)->Run());
  if (impl_->store.changes() == 0) return false;
  auto& counts = impl_->event_rollup[EventKey{e.component, Floor(Ms(e.ts), kSecondMs)}];
  (e.good ? counts.first : counts.second) += 1;
  return true;
}

Result<bool> Ledger::AddEvents(const EventBatch& b) {
  if (b.counts.good < 0 || b.counts.bad < 0) return Status::DataErr("ledger: a batch of events cannot count below 0");
  auto& pending = impl_->event_rollup[EventKey{b.component, Floor(Ms(b.ts), kSecondMs)}];
  std::int64_t good = 0;
  std::int64_t bad = 0;
  if (__builtin_add_overflow(pending.first, b.counts.good, &good) ||
      __builtin_add_overflow(pending.second, b.counts.bad, &bad)) {
    return Status::DataErr("the events of " + b.component + " in one second would exceed what the ledger holds");
  }
  Result<Statement*> st = impl_->Prepared(impl_->insert_events,
                                          "INSERT INTO events_seen (id, good_count, bad_count) VALUES (?1, ?2, ?3) "
                                          "ON CONFLICT (id) DO NOTHING");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR((*st)->BindAll({b.id, b.counts.good, b.counts.bad}));
  EVT_RETURN_IF_ERROR((*st)->Run());
  if (impl_->store.changes() == 0) return false;
  pending = {good, bad};
  return true;
}

Result<std::optional<EventCounts>> Ledger::EventsKept(const std::string& id) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT good_count, bad_count FROM events_seen WHERE id = ?1 AND good_count IS NOT NULL");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({id}));
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<EventCounts>();
  return std::optional<EventCounts>(EventCounts{st->ColumnInt64(0), st->ColumnInt64(1)});
}

Result<bool> Ledger::AddGauge(const GaugeSample& g) {
  Result<Statement*> st = impl_->Prepared(
      impl_->insert_gauge,
      "INSERT INTO gauge (source, name, ts_ms, value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (source, name, ts_ms) DO NOTHING");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR((*st)->BindAll({g.source, g.name, Ms(g.ts), g.value}));
  EVT_RETURN_IF_ERROR((*st)->Run());
  return impl_->store.changes() > 0;
}

Result<std::optional<double>> Ledger::CounterGrowth(const std::string& series, TimePoint ts, double value) {
  Result<Statement*> read = impl_->Prepared(impl_->read_counter, "SELECT ts_ms, value FROM counter_last WHERE series = ?1");
  if (!read.ok()) return read.status();
  EVT_RETURN_IF_ERROR((*read)->BindAll({series}));
  Result<bool> row = (*read)->Step();
  if (!row.ok()) return row.status();
  std::optional<double> delta = 0.0;
  if (*row) {
    std::int64_t last_ts = (*read)->ColumnInt64(0);
    double last = (*read)->ColumnDouble(1);
    if (Ms(ts) <= last_ts) delta.reset();
    else delta = value >= last ? value - last : value;
  }
  (*read)->Reset();
  return delta;
}

Status Ledger::RememberCounter(const std::string& series, TimePoint ts, double value) {
  Result<Statement*> write = impl_->Prepared(
      impl_->write_counter, "INSERT OR REPLACE INTO counter_last (series, ts_ms, value) VALUES (?1, ?2, ?3)");
  if (!write.ok()) return write.status();
  EVT_RETURN_IF_ERROR((*write)->BindAll({series, Ms(ts), value}));
  return (*write)->Run();
}

Result<std::vector<UsageTotal>> Ledger::UsageBetween(TimePoint from, TimePoint to) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT component, resource, SUM(qty_micro) FROM usage_minute WHERE minute_ms >= ?1 AND minute_ms < ?2 "
      "GROUP BY component, resource ORDER BY component, resource");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({Floor(Ms(from), kMinuteMs), Ms(to)}));
  std::vector<UsageTotal> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({st->ColumnText(0), st->ColumnText(1), st->ColumnInt64(2)});
  }
  return out;
}

Result<EventCounts> Ledger::EventsBetween(const std::string& component, TimePoint from, TimePoint to) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT COALESCE(SUM(good), 0), COALESCE(SUM(bad), 0) FROM events_second "
      "WHERE component = ?1 AND second_ms >= ?2 AND second_ms < ?3");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({component, Floor(Ms(from), kSecondMs), Ms(to)}));
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  return EventCounts{st->ColumnInt64(0), st->ColumnInt64(1)};
}

Result<std::optional<GaugeSample>> Ledger::LatestGauge(const std::string& source, const std::string& name,
                                                       TimePoint at) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT ts_ms, value FROM gauge WHERE source = ?1 AND name = ?2 AND ts_ms <= ?3 ORDER BY ts_ms DESC LIMIT 1");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source, name, Ms(at)}));
  return GaugeRowIfAny(*st, source, name);
}

Result<std::vector<GaugeSample>> Ledger::Gauges(const std::string& source, const std::string& name, TimePoint from,
                                                TimePoint to) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT ts_ms, value FROM gauge WHERE source = ?1 AND name = ?2 AND ts_ms >= ?3 AND ts_ms <= ?4 ORDER BY ts_ms");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source, name, Ms(from), Ms(to)}));
  std::vector<GaugeSample> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({source, name, FromMs(st->ColumnInt64(0)), st->ColumnDouble(1)});
  }
  return out;
}

Result<std::optional<GaugeSample>> Ledger::NextGauge(const std::string& source, const std::string& name,
                                                     TimePoint after) {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT ts_ms, value FROM gauge WHERE source = ?1 AND name = ?2 AND ts_ms > ?3 ORDER BY ts_ms LIMIT 1");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source, name, Ms(after)}));
  return GaugeRowIfAny(*st, source, name);
}

Result<std::optional<GaugeSample>> Ledger::HeldGauge(const std::string& source, const std::string& name) {
  Result<Statement> st = impl_->store.Prepare("SELECT ts_ms, value FROM gauge_held WHERE source = ?1 AND name = ?2");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source, name}));
  return GaugeRowIfAny(*st, source, name);
}

Status Ledger::HoldGauge(const GaugeSample& g) {
  Result<Statement> st =
      impl_->store.Prepare("INSERT OR REPLACE INTO gauge_held (source, name, ts_ms, value) VALUES (?1, ?2, ?3, ?4)");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({g.source, g.name, Ms(g.ts), g.value}));
  return st->Run();
}

Status Ledger::ReleaseHeld(const std::string& source, const std::string& name) {
  Result<Statement> st = impl_->store.Prepare("DELETE FROM gauge_held WHERE source = ?1 AND name = ?2");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source, name}));
  return st->Run();
}

Status Ledger::SetSwap(const SwapWindow& swap) {
  if (swap.until <= swap.from) return Status::Internal("ledger: a swap must end after it starts");
  return impl_->WriteInBatchOrAlone("INSERT OR REPLACE INTO swap (source, from_ms, until_ms) VALUES (?1, ?2, ?3)",
                                    {swap.source, Ms(swap.from), Ms(swap.until)});
}

Result<std::optional<SwapWindow>> Ledger::SwapOf(const std::string& source) {
  Result<Statement> st = impl_->store.Prepare("SELECT from_ms, until_ms FROM swap WHERE source = ?1");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({source}));
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<SwapWindow>();
  return std::optional<SwapWindow>(SwapWindow{source, FromMs(st->ColumnInt64(0)), FromMs(st->ColumnInt64(1))});
}

Result<GovernorState> Ledger::Governor() {
  Result<Statement> st = impl_->store.Prepare("SELECT level, since_ms FROM governor WHERE id = 1");
  if (!st.ok()) return st.status();
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return GovernorState{};
  return GovernorState{static_cast<int>(st->ColumnInt64(0)), FromMs(st->ColumnInt64(1))};
}

Status Ledger::SetGovernor(const GovernorState& state) {
  return impl_->WriteInBatchOrAlone("INSERT OR REPLACE INTO governor (id, level, since_ms) VALUES (1, ?1, ?2)",
                                    {state.level, Ms(state.since)});
}

Status Ledger::GiveUsageSeqs() {
  Result<Statement> given = impl_->store.Prepare("SELECT 1 FROM usage_seq_high WHERE one = 1");
  if (!given.ok()) return given.status();
  Result<bool> row = given->Step();
  if (!row.ok()) return row.status();
  if (*row) return Status::Ok();
  return impl_->InBatchOrAlone([this] {
    // OR IGNORE: another process may have begun between the read and the
    // write lock; then no row is left without a seq and the UPDATE is empty.
    EVT_RETURN_IF_ERROR(impl_->store.Exec(
        "INSERT OR IGNORE INTO usage_seq_high (one, seq) VALUES (1, 0);"
        "UPDATE usage SET seq = h.seq + o.n"
        "  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY ts_ms, id) AS n FROM usage WHERE seq IS NULL) AS o,"
        "       usage_seq_high AS h"
        "  WHERE usage.id = o.id;"
        "UPDATE usage_seq_high SET seq = MAX(seq, COALESCE((SELECT MAX(seq) FROM usage), 0));"));
    impl_->usage_seq_high.reset();  // an open batch reads that it gives seqs now
    return Status::Ok();
  });
}

Result<std::vector<SequencedUsage>> Ledger::UsageSince(std::int64_t since, std::size_t limit) {
  EVT_RETURN_IF_ERROR(GiveUsageSeqs());
  Result<Statement> st = impl_->store.Prepare(
      "SELECT seq, id, ts_ms, component, resource, qty_micro FROM usage WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({since, static_cast<std::int64_t>(limit)}));
  std::vector<SequencedUsage> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({st->ColumnInt64(0), UsageEntry{st->ColumnText(1), FromMs(st->ColumnInt64(2)), st->ColumnText(3),
                                                  st->ColumnText(4), st->ColumnInt64(5)}});
  }
}

Result<std::int64_t> Ledger::UsageRows() {
  Result<Statement> st = impl_->store.Prepare("SELECT COUNT(*) FROM usage");
  if (!st.ok()) return st.status();
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  return st->ColumnInt64(0);
}

Result<std::vector<PrunedRows>> Ledger::PruneBefore(TimePoint cutoff) {
  std::int64_t before = Floor(Ms(cutoff), kMinuteMs);
  Result<Transaction> tx = Transaction::Begin(impl_->store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  std::vector<PrunedRows> out;
  for (auto [what, sql] : {std::pair{"usage rows", "DELETE FROM usage WHERE ts_ms < ?1"},
                           std::pair{"usage minutes", "DELETE FROM usage_minute WHERE minute_ms < ?1"},
                           std::pair{"gauge samples", "DELETE FROM gauge WHERE ts_ms < ?1"}}) {
    Result<Statement> st = impl_->store.Prepare(sql);
    if (!st.ok()) return st.status();
    EVT_RETURN_IF_ERROR(st->BindAll({before}));
    EVT_RETURN_IF_ERROR(st->Run());
    out.push_back({what, impl_->store.changes()});
  }
  EVT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status Ledger::CheckConsistency() {
  Result<Statement> st = impl_->store.Prepare(
      "SELECT (SELECT COALESCE(SUM(qty_micro), 0) FROM usage) = (SELECT COALESCE(SUM(qty_micro), 0) FROM usage_minute), "
      "(SELECT COALESCE(SUM(COALESCE(good_count + bad_count, 1)), 0) FROM events_seen) = "
      "(SELECT COALESCE(SUM(good + bad), 0) FROM events_second)");
  if (!st.ok()) return st.status();
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  if (st->ColumnInt64(0) != 1) return Status::DataErr(impl_->store.name() + ": the usage rollups disagree with the usage");
  if (st->ColumnInt64(1) != 1) return Status::DataErr(impl_->store.name() + ": the event rollups disagree with the events");
  return Status::Ok();
}

}  // namespace evt::budget
