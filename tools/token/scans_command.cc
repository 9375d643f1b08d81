// evt-token scans export|merge|report: the scan set between gates. The set
// is a union of grow-only sets, so exports can be merged in any order, any
// number of times, and every gate that holds the same elements reports the
// same admissions and double admissions.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/record_input.h"
#include "common/table.h"
#include "tools/token/scan_merge.h"
#include "tools/token/scan_setup.h"
#include "tools/token/sync_records.h"

namespace evt::token {
namespace {

Value AdmissionRecord(const CommandContext& ctx, const std::string& jti, const Admission& a) {
  Value record = ctx.Envelope("scan.admission");
  record.set("jti", jti);
  record.set("admitted_by", ScanRef(*a.first));
  record.set("entries", a.entries);
  record.set("exits", a.exits);
  record.set("inside", a.inside());
  return record;
}


// Reads the export and hands it to `merge` a batch of elements at a time.
Status ReadSyncBatches(const CommandContext& ctx, const std::string& file, RecordWriter& out,
                       const std::function<Status(SyncBatch&)>& merge) {
  Result<JsonlReader> reader = JsonlReader::OpenSpooled(file);
  if (!reader.ok()) return reader.status();
  RecordInput input(*reader, *ctx.common, out, ctx.clock);
  SyncBatch batch;
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    Result<bool> added = AddSyncRecord((*next)->value, batch);
    if (added.ok() && !*added) input.Ignore((*next)->value);
    if (!added.ok()) {
      EVT_RETURN_IF_ERROR(
          input.Reject(added.status().Prefixed(reader->name() + ":" + std::to_string((*next)->line))));
    }
    if (batch.size() >= ScanMerge::kBatchElements) EVT_RETURN_IF_ERROR(merge(batch));
  }
  input.ReportAtEnd();
  return merge(batch);
}

// The double admissions a merge revealed are found before it commits and
// printed after (a merge that fails to commit prints none); they wait in a
// temporary file, since there may be as many as the export has tickets.
class HeldRecords {
 public:
  static Result<HeldRecords> Open() {
    std::FILE* file = std::tmpfile();
    if (file == nullptr) return Status::IoErr(std::string("a temporary file for the merge's records: ") + std::strerror(errno));
    return HeldRecords(file);
  }
  RecordWriter& writer() { return *writer_; }
  // Copies what was held to `out`, after what `out` holds.
  Status CopyTo(RecordWriter& out) {
    EVT_RETURN_IF_ERROR(writer_->Flush());
    EVT_RETURN_IF_ERROR(out.Flush());
    std::rewind(file_.get());
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_.get())) > 0;) {
      if (std::fwrite(buffer, 1, n, stdout) != n) return Status::IoErr("write error");
    }
    if (std::ferror(file_.get())) return Status::IoErr("reading back the merge's records: read error");
    return std::fflush(stdout) == 0 ? Status::Ok() : Status::IoErr("write error");
  }

 private:
  explicit HeldRecords(std::FILE* file)
      : file_(file, &std::fclose), writer_(std::make_unique<RecordWriter>(file, FlushPolicy::kBuffered)) {}
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::unique_ptr<RecordWriter> writer_;  // declared after file_: flushes before it closes
};

// "2 scans", "1 scan and 1 revocation": what the gate staff call them.
std::string ScansAndRevocations(std::size_t elements, std::size_t revocations) {
  const std::size_t scans = elements - revocations;
  std::string text = std::to_string(scans) + (scans == 1 ? " scan" : " scans");
  if (revocations == 0) return text;
  return text + " and " + std::to_string(revocations) + (revocations == 1 ? " revocation" : " revocations");
}

std::string ScansOrRevocations(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " scan or revocation" : " scans or revocations");
}

std::string HlcText(Hlc hlc) {
  return FormatRfc3339(TimePoint(std::chrono::milliseconds(hlc.wall))) + " (" +
         std::to_string(hlc.wall) + "." + std::to_string(hlc.logical) + ")";
}

DriftLimit Drift(const CommandContext& ctx) { return DriftLimit{ctx.clock.Now(), ctx.config.max_drift}; }

// Elements as export writes them: scan.event and revocation records, with seq.
Status WriteElements(const CommandContext& ctx, const std::vector<SyncElement>& elements, RecordWriter& writer) {
  for (const SyncElement& e : elements) {
    Value record = ctx.Envelope(e.scan ? "scan.event" : "revocation");
    if (e.scan) AddScanEventFields(record, *e.scan);
    if (e.revocation) AddRevocationFields(record, *e.revocation);
    record.set("seq", e.seq);
    EVT_RETURN_IF_ERROR(writer.Write(record));
  }
  return Status::Ok();
}

// Pages from one snapshot: a stadium's million scans leave in constant
// memory (the whole set read first took 330 MB at a million), and an
// element a merge replaces meanwhile is not exported twice.
constexpr std::size_t kExportPage = 4096;

// The report on a terminal: a row per admitted ticket, then the revoked ones.
class ReportTable {
 public:
  ReportTable() {
    table_.AddColumn("jti", {.fit = Fit::kMiddle, .priority = Priority::kKey});
    table_.AddColumn("admitted by", {.priority = Priority::kHigh});
    table_.AddColumn("at", {.priority = Priority::kLow});
    table_.AddColumn("in", {.priority = Priority::kLow});
    table_.AddColumn("double admissions", {.fit = Fit::kWrap, .priority = Priority::kHigh});
    table_.AddColumn("revoked", {.fit = Fit::kWrap});
  }

  void AddAdmission(const std::string& jti, const Admission& a, const std::set<std::string>& revoked) {
    std::string doubles;
    for (const ScanEvent& e : a.doubles) doubles += (doubles.empty() ? "" : ", ") + e.gate;
    table_.AddRow({jti, a.first->gate, FormatRfc3339(TimePoint(std::chrono::milliseconds(a.first->hlc.wall))),
                   a.inside() ? "yes" : "no", {doubles, doubles.empty() ? Style::kPlain : Style::kBad},
                   {revoked.count(jti) ? "yes" : "", Style::kWarn}});
  }

  void AddRevocation(const Revocation& r) {
    table_.AddRow({r.jti, "", "", "", "", {"yes, at " + r.gate + (r.reason.empty() ? "" : ": " + r.reason), Style::kWarn}});
  }

  Status Print(bool color) {
    std::cout << table_.Render(color, TerminalWidth(STDOUT_FILENO)) << std::flush;
    return std::cout ? Status::Ok() : Status::IoErr("write error");
  }

 private:
  Table table_;
};

}  // namespace

Status RunScansExport(const CommandContext& ctx, const ScansArgs& args) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<Transaction> snapshot = Transaction::Begin(store->store(), TxMode::kRead);
  if (!snapshot.ok()) return snapshot.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (std::int64_t since = args.since;;) {
    Result<std::vector<SyncElement>> page = store->Export(since, kExportPage);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    EVT_RETURN_IF_ERROR(WriteElements(ctx, *page, writer));
    since = page->back().seq;
  }
  return writer.Flush();
}

Status RunScansQuarantine(const CommandContext& ctx) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<std::vector<SyncElement>> elements = store->Quarantined();
  if (!elements.ok()) return elements.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  EVT_RETURN_IF_ERROR(WriteElements(ctx, *elements, writer));
  return writer.Flush();
}

Status RunScansClockRebase(const CommandContext& ctx, const ScansArgs& args) {
  if (!args.yes && !args.dry_run) {
    return Status::Usage("scans clock rebase: later scans are stamped from the rebased clock; "
                         "confirm with --yes (or see what would change with --dry-run)");
  }
  Result<ScanStore> store = OpenScanStore(ctx, args.dry_run ? StoreAccess::kReadOnly : StoreAccess::kReadWrite);
  if (!store.ok()) return store.status();
  Result<ClockRebase> rebase = store->RebaseClock(Drift(ctx), args.dry_run);
  if (!rebase.ok()) return rebase.status();
  std::string what = std::string(args.dry_run ? "would set" : "set") + " the scan clock from " +
                     HlcText(rebase->before) + " to " + HlcText(rebase->after) + "; " +
                     (args.dry_run ? "would quarantine " : "quarantined ") + std::to_string(rebase->quarantined) +
                     " scans and revocations more than " + std::to_string(ctx.config.max_drift.count() / 1000) +
                     " s ahead (token.max_drift)";
  // A dry run's answer is what it would do; a rebase that was done says so
  // only under -v.
  if (args.dry_run) {
    PrintNotice(what);
  } else {
    PrintInfo(what);
  }
  if (args.dry_run && rebase->changes()) return Status::WithCode(ExitCode::kDryRunPending, "");
  return Status::Ok();
}

// The store opens with the first full batch, or at the end: an export
// shorter than a batch and refused whole never touches it, as before
// merges streamed.
Status RunScansMerge(const CommandContext& ctx, const ScansArgs& args) {
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  Result<HeldRecords> held = HeldRecords::Open();
  if (!held.ok()) return held.status();
  std::optional<ScanStore> store;
  std::optional<ScanMerge> merge;
  Status read = ReadSyncBatches(ctx, args.file, writer, [&](SyncBatch& batch) -> Status {
    if (!merge) {
      Result<ScanStore> opened = OpenScanStore(ctx);
      if (!opened.ok()) return opened.status();
      store.emplace(std::move(*opened));
      Result<ScanMerge> begun = ScanMerge::Begin(*store, Drift(ctx));
      if (!begun.ok()) return begun.status();
      merge.emplace(std::move(*begun));
    }
    return merge->Add(std::exchange(batch, SyncBatch{}));
  });
  if (!read.ok()) return read;
  ReentryPolicy policy = Reentry(ctx, args.reentry);
  std::size_t doubles = 0;
  Result<ScanMergeTotals> counts = merge->Finish(policy, [&](const std::string& jti, const Admission& admission) {
    ++doubles;
    return held->writer().Write(DoubleAdmissionRecord(ctx, jti, admission, policy));
  });
  if (!counts.ok()) return counts.status();
  EVT_RETURN_IF_ERROR(held->CopyTo(writer));
  PrintInfo("merged " + std::to_string(counts->added) + " new of " +
            ScansAndRevocations(counts->elements, counts->revocations) + " (" + std::to_string(counts->known) +
            " already here)");
  if (counts->quarantined > 0) {
    PrintWarning(ScansOrRevocations(counts->quarantined) + (counts->quarantined == 1 ? " is" : " are") + " more than " +
                 std::to_string(ctx.config.max_drift.count() / 1000) +
                 " s ahead of this gate's clock (token.max_drift): merged, but quarantined so they do not move "
                 "the scan clock; their gate's clock runs fast. `evt-token scans quarantine` lists them");
  }
  if (counts->conflicting > 0) {
    return Status::CheckFailed(ScansOrRevocations(counts->conflicting) +
                               " reusing an id already here with other content; kept the ones here");
  }
  if (args.fail_on_double && doubles > 0) {
    return Status::CheckFailed("revealed " + std::to_string(doubles) +
                               (doubles == 1 ? " double admission" : " double admissions") + " (--fail-on-double)");
  }
  return Status::Ok();
}

// Records stream one ticket at a time (ScanStore::ForEachTicket): reading
// the set whole took 385 MB at a million scans. A table for a person is
// built whole, as it is fitted to the terminal.
Status RunScansReport(const CommandContext& ctx, const ScansArgs& args) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  ReentryPolicy policy = Reentry(ctx, args.reentry);
  Result<std::vector<Revocation>> revocations = store->Revocations();
  if (!revocations.ok()) return revocations.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  std::vector<Value> doubles;
  std::set<std::string> revoked;
  for (const Revocation& r : *revocations) revoked.insert(r.jti);
  ReportTable table;
  std::set<std::string> admitted;
  EVT_RETURN_IF_ERROR(store->ForEachTicket([&](std::vector<ScanEvent> scans) -> Status {
    std::string jti = scans.front().jti;
    Admission a = SummarizeScans(std::move(scans), policy);
    if (!a.first) return Status::Ok();
    if (!ctx.records) {
      table.AddAdmission(jti, a, revoked);
      admitted.insert(jti);
      return Status::Ok();
    }
    EVT_RETURN_IF_ERROR(writer.Write(AdmissionRecord(ctx, jti, a)));
    if (!a.doubles.empty()) doubles.push_back(DoubleAdmissionRecord(ctx, jti, a, policy));
    return Status::Ok();
  }));
  if (!ctx.records) {
    for (const Revocation& r : *revocations) {
      if (!admitted.count(r.jti)) table.AddRevocation(r);
    }
    return table.Print(ctx.color);
  }
  for (const Value& d : doubles) EVT_RETURN_IF_ERROR(writer.Write(d));
  for (const Revocation& r : *revocations) EVT_RETURN_IF_ERROR(writer.Write(RevocationRecord(ctx, r)));
  return writer.Flush();
}

}  // namespace evt::token
