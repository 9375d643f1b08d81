#include "tools/outbox/outbox_replication.h"

#include <utility>
#include <variant>

#include "tools/outbox/delivery_rows.h"
#include "tools/outbox/record_id.h"
#include "tools/outbox/replica_wire.h"

namespace evt::outbox {
namespace {

struct Change {
  std::int64_t seq = 0;
  std::string line;
};

// Reads at most `want` changes of a query whose column 0 is the change seq
// and the rest what `line_of` makes a wire line of.
template <typename LineOf>
Result<std::vector<Change>> ReadChanges(Statement& query, LineOf line_of) {
  std::vector<Change> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return out;
    EVT_ASSIGN_OR_RETURN(std::string line, line_of(query));
    out.push_back(Change{query.ColumnInt64(0), std::move(line)});
  }
}

Result<std::vector<Change>> ElementChanges(StatementCache& db, std::int64_t cursor, std::int64_t want) {
  EVT_ASSIGN_OR_RETURN(Statement * query,
                       db.Get("SELECT seq, id, queue, origin, captured_ms, line FROM records WHERE seq > ?1"
                              " ORDER BY seq LIMIT ?2"));
  EVT_RETURN_IF_ERROR(query->BindAll({cursor, want}));
  return ReadChanges(*query, [](const Statement& row) {
    return ElementLine(OutboxRecord{row.ColumnText(1), row.ColumnText(2), row.ColumnText(3), row.ColumnInt64(4),
                                    row.ColumnText(5)});
  });
}

Result<std::vector<Change>> DeliveryChanges(StatementCache& db, std::int64_t cursor, std::int64_t want) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT d.change_seq, " + std::string(kDeliveryColumns) +
                                                 " FROM deliveries d WHERE d.change_seq > ?1"
                                                 " ORDER BY d.change_seq LIMIT ?2"));
  EVT_RETURN_IF_ERROR(query->BindAll({cursor, want}));
  return ReadChanges(*query, [](const Statement& row) { return DeliveryLine(ReadDelivery(row, 1)); });
}

// The element's rows for the layout's destinations of its queue, made as
// its origin made them at put (pending, due and stamped at capture), unless
// a row already came over the wire.
Status AddLocalRows(StatementCache& db, ChangeClock& clock, const QueueSpec& spec, const OutboxRecord& r) {
  for (const std::string& destination : spec.destinations) {
    EVT_ASSIGN_OR_RETURN(std::optional<Delivery> here, FindDelivery(db, r.id, destination));
    if (!here) EVT_RETURN_IF_ERROR(InsertPendingDelivery(db, clock, r.id, destination, r.captured_ms));
  }
  return RefreshHeld(db, r.id);
}

Status MergeElement(OutboxSet& set, ChangeClock& clock, const OutboxLayout& layout, OutboxRecord r,
                    MergeReport& report) {
  const QueueSpec* spec = layout.Find(r.queue);
  // A queue unknown here has no bound and no class to shed it by: its
  // records are kept for replication but not counted against the bounds.
  SetElement e{std::move(r), 0, spec != nullptr};
  EVT_ASSIGN_OR_RETURN(GsetMatch<SetElement> match, set.Match(e));
  if (match.outcome == GsetOutcome::kDuplicate) {
    ++report.elements_duplicate;
    return Status::Ok();
  }
  if (match.outcome == GsetOutcome::kConflict) {
    ++report.elements_conflict;
    report.conflicts.push_back(
        MergeConflict{e.record.id, std::move(match.here->record.line), std::move(e.record.line)});
    return Status::Ok();
  }
  e.seq = clock.Next();
  EVT_RETURN_IF_ERROR(set.Insert(e));
  ++report.elements_added;
  if (spec == nullptr) {
    ++report.elements_unknown_queue;
    return Status::Ok();
  }
  return AddLocalRows(set.db(), clock, *spec, e.record);
}

Status MergeDelivery(StatementCache& db, ChangeClock& clock, const Delivery& incoming, MergeReport& report) {
  EVT_ASSIGN_OR_RETURN(std::optional<Delivery> here, FindDelivery(db, incoming.id, incoming.destination));
  if (here && !JoinPrefers(incoming, *here)) {
    ++report.deliveries_kept;
    return Status::Ok();
  }
  ++report.deliveries_changed;
  return WriteDelivery(db, clock, incoming);
}

// A line whose content cannot be stored (an element whose record has no
// canonical form) is poisoned like one that cannot be read.
Status CheckStorable(const ReplicaLine& line, std::string_view where) {
  if (const auto* element = std::get_if<OutboxRecord>(&line)) {
    return CanonicalContentOfLine(element->line, where).status();
  }
  return Status::Ok();
}

}  // namespace

Result<ReplicaBatch> ExportChanges(StatementCache& db, std::int64_t cursor, std::size_t limit) {
  // One more than asked tells whether more is left.
  std::int64_t want = limit == 0 ? -1 : static_cast<std::int64_t>(limit) + 1;
  EVT_ASSIGN_OR_RETURN(std::vector<Change> elements, ElementChanges(db, cursor, want));
  EVT_ASSIGN_OR_RETURN(std::vector<Change> deliveries, DeliveryChanges(db, cursor, want));
  ReplicaBatch batch;
  batch.next_cursor = cursor;
  std::size_t e = 0, d = 0;
  while (e < elements.size() || d < deliveries.size()) {
    if (limit != 0 && batch.lines.size() == limit) {
      batch.more = true;
      break;
    }
    bool element_first = d == deliveries.size() || (e < elements.size() && elements[e].seq < deliveries[d].seq);
    Change& next = element_first ? elements[e++] : deliveries[d++];
    batch.lines.push_back(std::move(next.line));
    batch.next_cursor = next.seq;
  }
  return batch;
}

Result<MergeReport> MergeLines(OutboxSet& set, ChangeClock& clock, const OutboxLayout& layout,
                               const std::vector<std::string>& lines, PoisonPolicy poison) {
  MergeReport report;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string where = "line " + std::to_string(i + 1);
    Result<ReplicaLine> parsed = ParseReplicaLine(lines[i], where);
    Status storable = parsed.ok() ? CheckStorable(*parsed, where) : parsed.status();
    if (!storable.ok()) {
      if (poison == PoisonPolicy::kRefuseAll) return storable;
      ++report.poisoned;
      report.problems.push_back(MergeProblem{i + 1, storable.message()});
      continue;
    }
    if (auto* element = std::get_if<OutboxRecord>(&*parsed)) {
      EVT_RETURN_IF_ERROR(MergeElement(set, clock, layout, std::move(*element), report));
    } else {
      EVT_RETURN_IF_ERROR(MergeDelivery(set.db(), clock, std::get<Delivery>(*parsed), report));
    }
  }
  return report;
}

}  // namespace evt::outbox
