// A grow-only set of elements keyed by id, kept in one table of a tool's
// SQLite store: a gate's scans and revocations (evt-token), a kiosk's
// redemptions (evt-price). Replicas export what they hold and merge what
// the others exported; every set keeps the same rules:
//   - an id names one element for good. An incoming element under a new id
//     is added; one whose content (its record without the envelope) has the
//     same canonical JSON (RFC 8785) as the element here is a duplicate
//     delivery; any other content under a known id is a conflict: counted
//     and reported, never taken for a replay;
//   - the set's rule settles a conflict: keep the element here, or keep the
//     preferred of the two (a total order, so replicas converge whatever
//     arrived first);
//   - each element added gets the next local seq; an export since a cursor
//     is every element with a larger seq, in seq order;
//   - where the set has a drift bound, an added element stamped too far
//     ahead of the local clock is quarantined: in the set, but flagged.
// The tool says where its elements live and how to read and write its
// columns (a schema, below); the rules and the SQL that does not depend on
// the columns are here, once.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/canonical_json.h"
#include "common/statement_cache.h"
#include "common/value.h"

namespace evt {

// Where a set's elements live, as the tool's migrations made the table.
struct GsetTable {
  std::string_view table;
  std::string_view id_column;          // UNIQUE
  std::string_view seq_column;         // INTEGER PRIMARY KEY AUTOINCREMENT
  std::string_view columns;            // what the schema's Read gets, from column 0
  std::string_view quarantine_column;  // local Unix ms of the quarantine, or NULL; empty: no drift bound
};

enum class GsetConflictRule { kKeepHere, kKeepPreferred };

// What became of one element offered to the set.
enum class GsetOutcome { kAdded, kDuplicate, kConflict, kQuarantined };
std::string_view GsetOutcomeName(GsetOutcome outcome);

// How far ahead of the local clock an element may be stamped and still
// count as on time. A replica whose clock runs far ahead would otherwise
// drag every replica that merges it along, for good.
struct GsetDriftBound {
  std::int64_t now_ms = 0;
  std::int64_t max_ahead_ms = 0;
  bool Admits(std::int64_t stamp_ms) const { return stamp_ms <= now_ms || stamp_ms - now_ms <= max_ahead_ms; }
};

// What a tool tells the engine about its elements:
//   Element              the tool's type (a variant where one table holds two kinds)
//   kOnConflict          the rule for two elements under one id
//   Table()              where they live
//   Id(e), Content(e)    the id, and the record without envelope that decides sameness
//   Read(db, row)        an element from Table().columns of `row`, from column 0
//   Insert(db, e)        writes a new element (and whatever rows hang off it)
//   Preferred(a, b)      with kKeepPreferred: whether a is kept over b
//   StampMs(e)           with a quarantine column: the wall time the element claims
template <typename S>
concept GsetSchema = requires(const typename S::Element& e, StatementCache& db, const Statement& row) {
  { S::kOnConflict } -> std::convertible_to<GsetConflictRule>;
  { S::Table() } -> std::convertible_to<const GsetTable&>;
  { S::Id(e) } -> std::convertible_to<std::string_view>;
  { S::Content(e) } -> std::same_as<Value>;
  { S::Read(db, row) } -> std::same_as<Result<typename S::Element>>;
  { S::Insert(db, e) } -> std::same_as<Status>;
};

template <typename Element>
struct GsetEntry {
  std::int64_t seq = 0;  // local order of arrival: the export cursor
  bool quarantined = false;
  Element element;
};

template <typename Element>
struct GsetConflict {
  Element here;             // what the set held
  Element incoming;         // what was offered
  bool kept_incoming = false;  // the rule preferred the incoming one: it replaced the one here
};

struct GsetCounts {
  std::size_t added = 0;
  std::size_t duplicate = 0;
  std::size_t conflict = 0;
  std::size_t quarantined = 0;  // added, but past the drift bound
  std::size_t replaced = 0;     // conflicts the incoming element won
};

template <typename Element>
struct GsetMergeReport {
  GsetCounts counts;
  std::vector<GsetOutcome> outcomes;  // one per incoming element, in its order
  std::vector<GsetConflict<Element>> conflicts;
};

// What the set would do with an element: kAdded when its id is new.
template <typename Element>
struct GsetMatch {
  GsetOutcome outcome = GsetOutcome::kAdded;
  std::optional<Element> here;  // kDuplicate, kConflict: the element under its id
};

template <typename Element>
struct GsetRebound {
  std::vector<Element> on_time;   // not quarantined, within the bound, in seq order
  std::size_t quarantined = 0;    // newly past the bound
};

struct GsetSize {
  std::int64_t elements = 0;
  std::int64_t quarantined = 0;
};

// The part of a set that does not depend on the element type.
class GsetRows {
 public:
  StatementCache& db() { return db_; }

  Result<GsetSize> Size();
  // Flags `id` as quarantined at now_ms, unless it already is.
  Status MarkQuarantined(std::string_view id, std::int64_t now_ms);

 protected:
  GsetRows(Store store, const GsetTable& table) : db_(std::move(store)), table_(&table) {}
  // "SELECT <columns>, seq, quarantined FROM <table> <where>".
  std::string SelectSql(std::string_view where) const;
  Status Remove(std::string_view id);
  const GsetTable& table() const { return *table_; }

 private:
  StatementCache db_;
  const GsetTable* table_;
};

// Move-only, as its Store. Every write joins the transaction the caller
// holds open, except Import, which is one of its own.
template <GsetSchema Schema>
class GrowOnlySet : public GsetRows {
 public:
  using Element = typename Schema::Element;
  using Entry = GsetEntry<Element>;
  using Report = GsetMergeReport<Element>;

  explicit GrowOnlySet(Store store) : GsetRows(std::move(store), Schema::Table()) {}

  Result<std::optional<Entry>> Find(std::string_view id);
  Result<GsetMatch<Element>> Match(const Element& e);
  // An element made here. REQUIRES: its id is new.
  Status Insert(const Element& e) { return Schema::Insert(db(), e); }

  // Offers each element in turn (a later one sees the earlier ones).
  // `drift` only for a set with a quarantine column.
  // REQUIRES: a write transaction is open on db().store().
  Result<Report> Merge(const std::vector<Element>& incoming, const std::optional<GsetDriftBound>& drift);
  // Merge in a write transaction of its own: all of the batch or nothing.
  Result<Report> Import(const std::vector<Element>& incoming, const std::optional<GsetDriftBound>& drift);

  // Quarantines every element not yet quarantined that is past `drift`;
  // with dry_run only counts them.
  Result<GsetRebound<Element>> QuarantinePast(const GsetDriftBound& drift, bool dry_run);

  Result<std::vector<Entry>> Export(std::int64_t since);
  Result<std::vector<Entry>> Quarantined();
  // The tool's own queries: `where` is SQL after the FROM, over the
  // table's columns, binding ?1..?n to `params`.
  Result<std::vector<Entry>> Select(std::string_view where, std::initializer_list<SqlValue> params = {});

 private:
  Result<GsetOutcome> Offer(const Element& e, const std::optional<GsetDriftBound>& drift, Report& report);
  Result<GsetOutcome> Settle(const Element& e, Element here, Report& report);
  Status Replace(const Element& e);
};

template <GsetSchema Schema>
Result<std::vector<GsetEntry<typename Schema::Element>>> GrowOnlySet<Schema>::Select(
    std::string_view where, std::initializer_list<SqlValue> params) {
  Result<Statement*> query = db().Get(SelectSql(where));
  if (!query.ok()) return query.status();
  if (params.size() > 0) EVT_RETURN_IF_ERROR((*query)->BindAll(params));
  std::vector<Entry> out;
  while (true) {
    Result<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    Result<Element> e = Schema::Read(db(), **query);
    if (!e.ok()) return e.status();
    int seq = (*query)->column_count() - 2;
    out.push_back(Entry{(*query)->ColumnInt64(seq), !(*query)->ColumnIsNull(seq + 1), std::move(*e)});
  }
}

template <GsetSchema Schema>
Result<std::optional<GsetEntry<typename Schema::Element>>> GrowOnlySet<Schema>::Find(std::string_view id) {
  Result<std::vector<Entry>> rows = Select("WHERE " + std::string(table().id_column) + " = ?1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Entry>();
  return std::optional<Entry>(std::move(rows->front()));
}

template <GsetSchema Schema>
Result<GsetMatch<typename Schema::Element>> GrowOnlySet<Schema>::Match(const Element& e) {
  Result<std::optional<Entry>> found = Find(Schema::Id(e));
  if (!found.ok()) return found.status();
  if (!*found) return GsetMatch<Element>{};
  bool same = SameCanonicalJson(Schema::Content((*found)->element), Schema::Content(e));
  return GsetMatch<Element>{same ? GsetOutcome::kDuplicate : GsetOutcome::kConflict, std::move((*found)->element)};
}

template <GsetSchema Schema>
Result<GsetMergeReport<typename Schema::Element>> GrowOnlySet<Schema>::Merge(
    const std::vector<Element>& incoming, const std::optional<GsetDriftBound>& drift) {
  Report report;
  report.outcomes.reserve(incoming.size());
  for (const Element& e : incoming) {
    Result<GsetOutcome> outcome = Offer(e, drift, report);
    if (!outcome.ok()) return outcome.status();
    report.outcomes.push_back(*outcome);
  }
  return report;
}

template <GsetSchema Schema>
Result<GsetMergeReport<typename Schema::Element>> GrowOnlySet<Schema>::Import(
    const std::vector<Element>& incoming, const std::optional<GsetDriftBound>& drift) {
  Result<Transaction> tx = Transaction::Begin(db().store(), TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Report> report = Merge(incoming, drift);
  if (!report.ok()) return report.status();
  EVT_RETURN_IF_ERROR(tx->Commit());
  return report;
}

template <GsetSchema Schema>
Result<GsetOutcome> GrowOnlySet<Schema>::Offer(const Element& e, const std::optional<GsetDriftBound>& drift,
                                               Report& report) {
  Result<GsetMatch<Element>> match = Match(e);
  if (!match.ok()) return match.status();
  if (match->outcome == GsetOutcome::kDuplicate) {
    ++report.counts.duplicate;
    return GsetOutcome::kDuplicate;
  }
  if (match->outcome == GsetOutcome::kConflict) return Settle(e, std::move(*match->here), report);
  EVT_RETURN_IF_ERROR(Insert(e));
  if constexpr (requires { Schema::StampMs(e); }) {
    if (drift && !drift->Admits(Schema::StampMs(e))) {
      ++report.counts.quarantined;
      EVT_RETURN_IF_ERROR(MarkQuarantined(Schema::Id(e), drift->now_ms));
      return GsetOutcome::kQuarantined;
    }
  }
  ++report.counts.added;
  return GsetOutcome::kAdded;
}

template <GsetSchema Schema>
Result<GsetOutcome> GrowOnlySet<Schema>::Settle(const Element& e, Element here, Report& report) {
  ++report.counts.conflict;
  bool keep_incoming = false;
  if constexpr (Schema::kOnConflict == GsetConflictRule::kKeepPreferred) keep_incoming = Schema::Preferred(e, here);
  if (keep_incoming) {
    EVT_RETURN_IF_ERROR(Replace(e));
    ++report.counts.replaced;
  }
  report.conflicts.push_back({std::move(here), e, keep_incoming});
  return GsetOutcome::kConflict;
}

// The incoming element takes the id with a new seq: replicas that exported
// the old one see the new one after their cursor.
template <GsetSchema Schema>
Status GrowOnlySet<Schema>::Replace(const Element& e) {
  EVT_RETURN_IF_ERROR(Remove(Schema::Id(e)));
  return Insert(e);
}

template <GsetSchema Schema>
Result<GsetRebound<typename Schema::Element>> GrowOnlySet<Schema>::QuarantinePast(const GsetDriftBound& drift,
                                                                                  bool dry_run) {
  Result<std::vector<Entry>> current =
      Select("WHERE " + std::string(table().quarantine_column) + " IS NULL ORDER BY " +
             std::string(table().seq_column));
  if (!current.ok()) return current.status();
  GsetRebound<Element> out;
  for (Entry& entry : *current) {
    if (drift.Admits(Schema::StampMs(entry.element))) {
      out.on_time.push_back(std::move(entry.element));
      continue;
    }
    ++out.quarantined;
    if (!dry_run) EVT_RETURN_IF_ERROR(MarkQuarantined(Schema::Id(entry.element), drift.now_ms));
  }
  return out;
}

template <GsetSchema Schema>
Result<std::vector<GsetEntry<typename Schema::Element>>> GrowOnlySet<Schema>::Export(std::int64_t since) {
  std::string seq(table().seq_column);
  return Select("WHERE " + seq + " > ?1 ORDER BY " + seq, {since});
}

template <GsetSchema Schema>
Result<std::vector<GsetEntry<typename Schema::Element>>> GrowOnlySet<Schema>::Quarantined() {
  if (table().quarantine_column.empty()) return std::vector<Entry>();
  return Select("WHERE " + std::string(table().quarantine_column) + " IS NOT NULL ORDER BY " +
                std::string(table().seq_column));
}

}  // namespace evt
