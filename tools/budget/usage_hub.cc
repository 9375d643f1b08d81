#include "tools/budget/usage_hub.h"

#include <chrono>
#include <iterator>
#include <utility>

#include "common/canonical_json.h"
#include "common/json_parse.h"
#include "common/quoted.h"
#include "tools/budget/ingest.h"

namespace evt::budget {
namespace {

std::string RowName(const hub::HubElement& row) {
  return std::string(UsageHubAdapter::kSetName) + ": id " + QuotedForMessage(row.id);
}

std::int64_t Ms(TimePoint t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); }

Result<std::string> TextMember(const Value& record, const char* name) {
  const Value* v = record.find(name);
  if (v == nullptr || !v->is_string() || v->as_string().empty()) {
    return Status::DataErr(std::string("\"") + name + "\": expected a non-empty string");
  }
  return v->as_string();
}

Result<UsageEntry> UsageOfRecord(const Value& record) {
  if (!record.is_object() || record.as_object().size() != 5) {
    return Status::DataErr("expected an object of component, id, qty_micro, resource and ts");
  }
  UsageEntry usage;
  for (auto [name, field] : {std::pair{"id", &usage.id}, std::pair{"component", &usage.component},
                             std::pair{"resource", &usage.resource}}) {
    Result<std::string> text = TextMember(record, name);
    if (!text.ok()) return text.status();
    *field = std::move(*text);
  }
  Result<std::string> ts = TextMember(record, "ts");
  if (!ts.ok()) return ts.status();
  Result<TimePoint> at = ParseRfc3339(*ts);
  if (!at.ok()) return at.status().Prefixed("\"ts\"");
  usage.ts = *at;
  const Value* qty = record.find("qty_micro");
  if (qty == nullptr || !qty->is_int() || qty->as_int() < 0) {
    return Status::DataErr("\"qty_micro\": expected an integer, 0 or more");
  }
  usage.qty_micro = qty->as_int();
  return usage;
}

Result<UsageEntry> ReadPulledRow(const hub::HubElement& row) {
  Result<Value> record = ParseJson(row.record, RowName(row));
  if (!record.ok()) return record.status();
  Result<UsageEntry> usage = UsageOfRecord(*record);
  if (!usage.ok()) return usage.status().Prefixed(RowName(row));
  if (usage->id != row.id) return Status::DataErr(RowName(row) + ": \"id\": the record says " + QuotedForMessage(usage->id));
  return usage;
}

}  // namespace

Result<std::string> UsageHubRecord(const UsageEntry& usage) {
  return CanonicalJson(Value::object({{"id", usage.id},
                                      {"ts", FormatRfc3339(usage.ts)},
                                      {"component", usage.component},
                                      {"resource", usage.resource},
                                      {"qty_micro", usage.qty_micro}}));
}

Result<hub::HubExport> UsageHubAdapter::ExportSince(std::int64_t since, std::size_t limit) {
  Result<std::vector<SequencedUsage>> rows = ledger_.UsageSince(since, limit);
  if (!rows.ok()) return rows.status();
  hub::HubExport page;
  page.last_seq = since;
  for (const SequencedUsage& row : *rows) {
    Result<std::string> record = UsageHubRecord(row.entry);
    if (!record.ok()) return record.status();
    page.elements.push_back({row.entry.id, std::move(*record), Ms(row.entry.ts)});
    page.last_seq = row.seq;
  }
  return page;
}

Result<hub::HubMergeCounts> UsageHubAdapter::MergePulled(const std::vector<hub::HubElement>& pulled) {
  std::vector<UsageEntry> entries;
  entries.reserve(pulled.size());
  for (const hub::HubElement& row : pulled) {
    Result<UsageEntry> usage = ReadPulledRow(row);
    if (!usage.ok()) return usage.status();
    entries.push_back(std::move(*usage));
  }
  if (entries.empty()) return hub::HubMergeCounts{};
  EVT_RETURN_IF_ERROR(ledger_.Begin());
  Ingester ingester(config_, ledger_, clock_.Now());
  hub::HubMergeCounts counts;
  std::vector<std::string> conflicts;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Result<Applied> applied = ingester.ApplyLedgerUsage(entries[i]);
    if (!applied.ok()) {
      ledger_.Abandon();
      return applied.status().Prefixed(RowName(pulled[i]));
    }
    if (*applied == Applied::kAdded) ++counts.added;
    if (*applied == Applied::kDuplicate) ++counts.duplicate;
    if (*applied == Applied::kConflicting) {
      ++counts.conflict;
      conflicts.push_back(ingester.last_conflict());
    }
  }
  EVT_RETURN_IF_ERROR(ledger_.Commit());
  std::move(conflicts.begin(), conflicts.end(), std::back_inserter(conflicts_));
  return counts;
}

std::vector<std::string> UsageHubAdapter::TakeConflicts() { return std::exchange(conflicts_, {}); }

}  // namespace evt::budget
