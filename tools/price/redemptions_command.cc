// `evt-price redemptions export|merge|over`: kiosks exchange what they
// redeemed the way gates exchange scans. The set of orders only grows and
// a merge is a union, so kiosks that have merged each other's exports hold
// the same set and count the same uses; a limit that the union exceeds is
// an over_redemption record naming the orders, never hidden.
#include <algorithm>
#include <cstdio>
#include <functional>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/messages.h"
#include "common/record_input.h"
#include "tools/price/cli.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/redemption_limits.h"
#include "tools/price/redemption_reports.h"

namespace evt::price {

namespace {

bool IsRedemption(const Value& record) {
  const Value* kind = record.find("kind");
  return kind && kind->is_string() && kind->as_string() == "redemption";
}

// A redeem's record of a refused or conflicting order is not a redemption.
bool WasRefused(const Value& record) {
  const Value* result = record.find("result");
  return result && result->is_string() && (result->as_string() == "refused" || result->as_string() == "conflict");
}

// The fields an exported or redeemed record carries beyond the redemption.
Value WithoutExtras(const Value& record) {
  Value out = Value::object();
  for (const auto& [key, value] : record.as_object()) {
    if (key != "seq" && key != "result" && key != "breaches") out.set(key, value);
  }
  return out;
}


// How many redemptions a merge holds at a time: enough to amortise a
// batch, few enough that a merge's memory does not grow with its input.
constexpr std::size_t kMergeBatch = 4096;

// Reads the redemptions and hands them to `merge` a batch at a time;
// returns how many there were.
Result<std::size_t> ReadRedemptionBatches(const Options& options, RecordWriter& writer,
                                          const std::function<Status(const std::vector<Redemption>&)>& merge) {
  Result<JsonlReader> reader = JsonlReader::OpenSpooled(options.input);
  if (!reader.ok()) return reader.status();
  SystemClock clock;
  RecordInput input(*reader, options.common, writer, clock);
  std::vector<Redemption> batch;
  std::size_t read = 0;
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const JsonlRecord& record = **next;
    if (!IsRedemption(record.value) || WasRefused(record.value)) {
      input.Ignore(record.value);
      continue;
    }
    Result<Redemption> r = ParseRedemption(WithoutExtras(record.value));
    if (!r.ok()) {
      EVT_RETURN_IF_ERROR(input.Reject(r.status().Prefixed(reader->name() + ":" + std::to_string(record.line))));
      continue;
    }
    batch.push_back(std::move(*r));
    ++read;
    if (batch.size() < kMergeBatch) continue;
    EVT_RETURN_IF_ERROR(merge(batch));
    batch.clear();
  }
  input.ReportAtEnd();
  EVT_RETURN_IF_ERROR(merge(batch));
  return read;
}




}  // namespace

// Pages from one snapshot: a million redemptions leave in constant memory
// (the whole set read first took 330 MB), and an order a merge replaces
// meanwhile is not exported twice.
constexpr std::size_t kExportPage = 4096;

Status RunRedemptionsExport(const Options& options) {
  Result<RedemptionStore> store = OpenRedemptionStore(options, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<Transaction> snapshot = Transaction::Begin(store->store(), TxMode::kRead);
  if (!snapshot.ok()) return snapshot.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  TimePoint now = SystemClock().Now();
  for (std::int64_t since = options.since;;) {
    Result<std::vector<StoredRedemption>> page = store->Export(since, kExportPage);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    for (const StoredRedemption& s : *page) {
      Value record = RedemptionRecord(s.redemption, now);
      record.set("seq", s.seq);
      EVT_RETURN_IF_ERROR(writer.Write(record));
    }
    since = page->back().seq;
  }
  return writer.Flush();
}

Status RunRedemptionsMerge(const Options& options) {
  Result<std::vector<Promotion>> promotions = LimitedPromotions(options);
  if (!promotions.ok()) return promotions.status();
  Result<RedemptionStore> store = OpenRedemptionStore(options);
  if (!store.ok()) return store.status();
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  // Every batch joins one transaction: an input refused whole (a bad
  // record under --on-bad fail) rolls back what its earlier batches merged.
  Result<Transaction> tx = store->BeginWrite();
  if (!tx.ok()) return tx.status();
  MergeCounts merged;
  Result<std::size_t> incoming = ReadRedemptionBatches(
      options, writer, [&](const std::vector<Redemption>& batch) { return MergeBatch(*store, batch, merged); });
  if (!incoming.ok()) return incoming.status();
  EVT_RETURN_IF_ERROR(tx->Commit());
  PrintInfo("merged " + std::to_string(*incoming) + " redemptions: " + std::to_string(merged.added) + " new, " +
            std::to_string(merged.unchanged) + " already here, " + std::to_string(merged.conflicts.size()) +
            " in conflict");
  WarnConflicts(merged.conflicts);
  Result<std::vector<OverRedemption>> over = FindOverRedemptions(*store, *promotions);
  if (!over.ok()) return over.status();
  // Only what this merge revealed: the over-redemptions of promotions that
  // a new or replaced order used. `redemptions over` lists them all.
  EVT_RETURN_IF_ERROR(WriteOverRedemptions(OfPromotions(std::move(*over), merged.promotions_touched), writer));
  if (merged.conflicts.empty()) return Status::Ok();
  return Status::CheckFailed(std::to_string(merged.conflicts.size()) +
                             " order ids hold different sales at different kiosks");
}

Status RunRedemptionsOver(const Options& options) {
  Result<std::vector<Promotion>> promotions = LimitedPromotions(options);
  if (!promotions.ok()) return promotions.status();
  Result<RedemptionStore> store = OpenRedemptionStore(options, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<std::vector<OverRedemption>> over = FindOverRedemptions(*store, *promotions);
  if (!over.ok()) return over.status();
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  EVT_RETURN_IF_ERROR(WriteOverRedemptions(*over, writer));
  if (over->empty()) return Status::Ok();
  return Status::CheckFailed(std::to_string(over->size()) + (over->size() == 1 ? " over-redemption" : " over-redemptions"));
}

}  // namespace evt::price
