#include "tools/price/hub_adapter.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <utility>

#include "common/canonical_json.h"
#include "common/json_parse.h"
#include "common/quoted.h"

namespace evt::price {
namespace {

Value HubRecordValue(const Redemption& r) {
  Value record = Value::object({{"kind", "redemption"}, {"v", 1}});
  Value content = RedemptionContent(r);
  for (Member& m : content.as_object()) record.set(m.first, std::move(m.second));
  return record;
}

// FNV-1a: the digest only has to tell two sales under one order id apart,
// and the rows are written by the site's own kiosks.
std::string Fnv1aHex(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string RowName(const hub::HubElement& row) {
  return std::string(RedemptionHubAdapter::kSetName) + ": id " + QuotedForMessage(row.id);
}

Result<Redemption> ReadPulledRow(const hub::HubElement& row) {
  Result<Value> record = ParseJson(row.record, RowName(row));
  if (!record.ok()) return record.status();
  const Value* kind = record->is_object() ? record->find("kind") : nullptr;
  if (kind == nullptr || !kind->is_string() || kind->as_string() != "redemption") {
    return Status::DataErr(RowName(row) + ": expected a redemption record");
  }
  Result<Redemption> r = ParseRedemption(*record);
  if (!r.ok()) return r.status().Prefixed(RowName(row));
  Result<std::string> id = RedemptionHubId(*r);
  if (!id.ok()) return id.status().Prefixed(RowName(row));
  if (*id != row.id) return Status::DataErr(RowName(row) + ": the record is the sale " + QuotedForMessage(*id));
  return r;
}

}  // namespace

Result<std::string> RedemptionHubId(const Redemption& r) {
  Result<std::string> content = CanonicalJson(RedemptionContent(r));
  if (!content.ok()) return content.status();
  return r.order + "#" + Fnv1aHex(*content);
}

Result<std::string> RedemptionHubRecord(const Redemption& r) { return CanonicalJson(HubRecordValue(r)); }

Result<hub::HubExport> RedemptionHubAdapter::ExportSince(std::int64_t since, std::size_t limit) {
  Result<std::vector<StoredRedemption>> stored = store_.Export(since, limit);
  if (!stored.ok()) return stored.status();
  hub::HubExport page;
  page.last_seq = since;
  for (const StoredRedemption& s : *stored) {
    Result<std::string> id = RedemptionHubId(s.redemption);
    if (!id.ok()) return id.status();
    Result<std::string> record = RedemptionHubRecord(s.redemption);
    if (!record.ok()) return record.status();
    std::int64_t at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.redemption.at.time_since_epoch()).count();
    page.elements.push_back({std::move(*id), std::move(*record), at_ms});
    page.last_seq = s.seq;
  }
  return page;
}

Result<hub::HubMergeCounts> RedemptionHubAdapter::MergePulled(const std::vector<hub::HubElement>& pulled) {
  std::vector<Redemption> batch;
  batch.reserve(pulled.size());
  for (const hub::HubElement& row : pulled) {
    Result<Redemption> r = ReadPulledRow(row);
    if (!r.ok()) return r.status();
    batch.push_back(std::move(*r));
  }
  if (batch.empty()) return hub::HubMergeCounts{};
  Result<Transaction> tx = store_.BeginWrite();
  if (!tx.ok()) return tx.status();
  MergeCounts counts;
  EVT_RETURN_IF_ERROR(MergeBatch(store_, batch, counts));
  EVT_RETURN_IF_ERROR(tx->Commit());
  hub::HubMergeCounts out;
  out.added = static_cast<std::size_t>(counts.added);
  out.duplicate = static_cast<std::size_t>(counts.unchanged);
  out.conflict = counts.conflicts.size();
  merged_.added += counts.added;
  merged_.replaced += counts.replaced;
  merged_.unchanged += counts.unchanged;
  std::move(counts.conflicts.begin(), counts.conflicts.end(), std::back_inserter(merged_.conflicts));
  std::vector<std::string>& touched = merged_.promotions_touched;
  touched.insert(touched.end(), counts.promotions_touched.begin(), counts.promotions_touched.end());
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  return out;
}

MergeCounts RedemptionHubAdapter::TakeMerged() { return std::exchange(merged_, {}); }

}  // namespace evt::price
