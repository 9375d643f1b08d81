// The members of GrowOnlySet, which are templates: read grow_only_set.h
// for what they do. Included by it, nowhere else.
#pragma once

#include "common/grow_only_set.h"

namespace evt {

template <GsetSchema Schema>
template <typename Each>
Status GrowOnlySet<Schema>::ForEach(std::string_view where, std::initializer_list<SqlValue> params, Each each) {
  Result<Statement*> query = db().Get(SelectSql(where));
  if (!query.ok()) return query.status();
  if (params.size() > 0) EVT_RETURN_IF_ERROR((*query)->BindAll(params));
  while (true) {
    Result<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    Result<Element> e = Schema::Read(db(), **query);
    if (!e.ok()) return e.status();
    int seq = (*query)->column_count() - 2;
    Status taken = each(Entry{(*query)->ColumnInt64(seq), !(*query)->ColumnIsNull(seq + 1), std::move(*e)});
    if (!taken.ok()) {
      (*query)->Reset();  // a statement left on a row would hold its read snapshot
      return taken;
    }
  }
}

template <GsetSchema Schema>
Result<std::vector<GsetEntry<typename Schema::Element>>> GrowOnlySet<Schema>::Select(
    std::string_view where, std::initializer_list<SqlValue> params) {
  std::vector<Entry> out;
  EVT_RETURN_IF_ERROR(ForEach(where, params, [&out](Entry&& entry) {
    out.push_back(std::move(entry));
    return Status::Ok();
  }));
  return out;
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
