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
#include <initializer_list>
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
  // Select one row at a time, for a pass over a set too big to hold: calls
  // `each` with every entry in turn and stops at its first error.
  // REQUIRES: `each` runs no query of this set.
  template <typename Each>
  Status ForEach(std::string_view where, std::initializer_list<SqlValue> params, Each each);

 private:
  Result<GsetOutcome> Offer(const Element& e, const std::optional<GsetDriftBound>& drift, Report& report);
  Result<GsetOutcome> Settle(const Element& e, Element here, Report& report);
  Status Replace(const Element& e);
};

}  // namespace evt

#include "common/grow_only_set_inl.h"  // the members, which are templates
