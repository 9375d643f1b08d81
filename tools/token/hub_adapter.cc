#include "tools/token/hub_adapter.h"

#include <iterator>
#include <utility>

#include "common/canonical_json.h"
#include "common/json_parse.h"
#include "common/quoted.h"
#include "tools/token/scan_merge.h"
#include "tools/token/sync_records.h"

namespace evt::token {
namespace {

std::string RowName(const hub::HubElement& row) {
  return std::string(ScanHubAdapter::kSetName) + ": id " + QuotedForMessage(row.id);
}

// The element a pulled row holds, added to `batch`; poison (a record no
// `scans export` wrote) is DataErr naming the set and the row's id.
Status AddPulledRow(const hub::HubElement& row, SyncBatch& batch) {
  Result<Value> record = ParseJson(row.record, RowName(row));
  if (!record.ok()) return record.status();
  if (!record->is_object()) return Status::DataErr(RowName(row) + ": expected a JSON object");
  SyncBatch one;
  Result<bool> added = AddSyncRecord(*record, one);
  if (!added.ok()) return added.status().Prefixed(RowName(row));
  if (!*added) return Status::DataErr(RowName(row) + ": \"kind\": expected \"scan.event\" or \"revocation\"");
  const std::string& id = one.scans.empty() ? one.revocations.front().id : one.scans.front().id;
  if (id != row.id) return Status::DataErr(RowName(row) + ": \"id\": the record says " + QuotedForMessage(id));
  std::move(one.scans.begin(), one.scans.end(), std::back_inserter(batch.scans));
  std::move(one.revocations.begin(), one.revocations.end(), std::back_inserter(batch.revocations));
  return Status::Ok();
}

hub::HubMergeCounts ToHubCounts(const ScanMergeTotals& totals) {
  hub::HubMergeCounts counts;
  counts.added = totals.added - totals.quarantined;
  counts.duplicate = totals.known;
  counts.conflict = totals.conflicting;
  counts.quarantined = totals.quarantined;
  return counts;
}

}  // namespace

Result<std::string> SyncElementHubRecord(const SyncElement& element) {
  Value record = Value::object({{"kind", element.scan ? "scan.event" : "revocation"}, {"v", 1}});
  if (element.scan) AddScanEventFields(record, *element.scan);
  if (element.revocation) AddRevocationFields(record, *element.revocation);
  return CanonicalJson(record);
}

Result<hub::HubExport> ScanHubAdapter::ExportSince(std::int64_t since, std::size_t limit) {
  Result<std::vector<SyncElement>> elements = store_.Export(since, limit);
  if (!elements.ok()) return elements.status();
  hub::HubExport page;
  page.last_seq = since;
  for (const SyncElement& e : *elements) {
    Result<std::string> record = SyncElementHubRecord(e);
    if (!record.ok()) return record.status();
    std::string id = e.scan ? e.scan->id : e.revocation->id;
    std::int64_t stamp = e.scan ? e.scan->hlc.wall : e.revocation->hlc.wall;
    page.elements.push_back({std::move(id), std::move(*record), stamp});
    page.last_seq = e.seq;
  }
  return page;
}

Result<hub::HubMergeCounts> ScanHubAdapter::MergePulled(const std::vector<hub::HubElement>& pulled) {
  SyncBatch batch;
  for (const hub::HubElement& row : pulled) EVT_RETURN_IF_ERROR(AddPulledRow(row, batch));
  if (batch.size() == 0) return hub::HubMergeCounts{};
  Result<ScanMerge> merge = ScanMerge::Begin(store_, DriftLimit{clock_.Now(), max_drift_});
  if (!merge.ok()) return merge.status();
  EVT_RETURN_IF_ERROR(merge->Add(std::move(batch)));
  std::vector<RevealedDouble> revealed;
  Result<ScanMergeTotals> totals = merge->Finish(policy_, [&](const std::string& jti, const Admission& now) {
    revealed.push_back({jti, now});
    return Status::Ok();
  });
  if (!totals.ok()) return totals.status();
  std::move(revealed.begin(), revealed.end(), std::back_inserter(revealed_));
  return ToHubCounts(*totals);
}

std::vector<RevealedDouble> ScanHubAdapter::TakeRevealed() { return std::exchange(revealed_, {}); }

}  // namespace evt::token
