// evt-token scans export|merge|report: the scan set between gates. The set
// is a union of grow-only sets, so exports can be merged in any order, any
// number of times, and every gate that holds the same elements reports the
// same admissions and double admissions.
#include <algorithm>
#include <cstdio>
#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/messages.h"
#include "common/record_input.h"
#include "common/table.h"
#include "tools/token/scan_setup.h"
#include "tools/token/sync_records.h"

namespace evt::token {
namespace {

Value DoubleAdmissionRecord(const CommandContext& ctx, const std::string& jti, const Admission& a,
                            ReentryPolicy policy) {
  Value record = ctx.Envelope("double_admission");
  record.set("jti", jti);
  record.set("reentry", ReentryPolicyName(policy));
  record.set("admitted_by", ScanRef(*a.first));
  Value also = Value::array();
  for (const ScanEvent& e : a.doubles) also.push_back(ScanRef(e));
  record.set("also", std::move(also));
  return record;
}

Value AdmissionRecord(const CommandContext& ctx, const std::string& jti, const Admission& a) {
  Value record = ctx.Envelope("scan.admission");
  record.set("jti", jti);
  record.set("admitted_by", ScanRef(*a.first));
  record.set("entries", a.entries);
  record.set("exits", a.exits);
  record.set("inside", a.inside());
  return record;
}


// The double admissions of each jti in `jtis`, by jti.
Result<std::map<std::string, Admission>> Summaries(ScanStore& store, const std::vector<std::string>& jtis,
                                                   ReentryPolicy policy) {
  std::map<std::string, Admission> out;
  for (const std::string& jti : jtis) {
    Result<std::vector<ScanEvent>> scans = store.ScansOf(jti);
    if (!scans.ok()) return scans.status();
    out[jti] = SummarizeScans(std::move(*scans), policy);
  }
  return out;
}

std::vector<std::string> JtisOf(const SyncBatch& batch) {
  std::vector<std::string> out;
  for (const ScanEvent& e : batch.scans) out.push_back(e.jti);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<SyncBatch> ReadSyncInput(const CommandContext& ctx, const std::string& file, RecordWriter& out,
                                std::size_t& bad) {
  Result<JsonlReader> reader = JsonlReader::Open(file);
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
  }
  bad = input.skipped();
  input.ReportAtEnd();
  return batch;
}

std::string HlcText(Hlc hlc) {
  return FormatRfc3339(TimePoint(std::chrono::milliseconds(hlc.wall))) + " (" +
         std::to_string(hlc.wall) + "." + std::to_string(hlc.logical) + ")";
}

DriftLimit Drift(const CommandContext& ctx) { return DriftLimit{ctx.clock.Now(), ctx.config.max_drift}; }

// Elements as export writes them: scan.event and revocation records, with seq.
Status WriteElements(const CommandContext& ctx, const std::vector<SyncElement>& elements) {
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (const SyncElement& e : elements) {
    Value record = ctx.Envelope(e.scan ? "scan.event" : "revocation");
    if (e.scan) AddScanEventFields(record, *e.scan);
    if (e.revocation) AddRevocationFields(record, *e.revocation);
    record.set("seq", e.seq);
    EVT_RETURN_IF_ERROR(writer.Write(record));
  }
  return writer.Flush();
}

// The report on a terminal: a row per admitted ticket, then the revoked ones.
class ReportTable {
 public:
  ReportTable() {
    for (const char* column : {"jti", "admitted by", "at", "in", "double admissions", "revoked"}) {
      table_.AddColumn(column);
    }
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
    std::cout << table_.Render(color, 0) << std::flush;
    return std::cout ? Status::Ok() : Status::IoErr("write error");
  }

 private:
  Table table_;
};

bool SameDoubles(const Admission& a, const Admission& b) { return a.doubles == b.doubles; }

}  // namespace

Status RunScansExport(const CommandContext& ctx, const ScansArgs& args) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<std::vector<SyncElement>> elements = store->Export(args.since);
  if (!elements.ok()) return elements.status();
  return WriteElements(ctx, *elements);
}

Status RunScansQuarantine(const CommandContext& ctx) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  Result<std::vector<SyncElement>> elements = store->Quarantined();
  if (!elements.ok()) return elements.status();
  return WriteElements(ctx, *elements);
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
                     " elements more than " + std::to_string(ctx.config.max_drift.count() / 1000) +
                     " s ahead (token.max_drift)";
  std::fputs(FormatMessageLine(what).c_str(), stderr);
  if (args.dry_run && rebase->changes()) return Status::WithCode(ExitCode::kDryRunPending, "");
  return Status::Ok();
}

Status RunScansMerge(const CommandContext& ctx, const ScansArgs& args) {
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  std::size_t bad = 0;
  Result<SyncBatch> batch = ReadSyncInput(ctx, args.file, writer, bad);
  if (!batch.ok()) return batch.status();
  Result<ScanStore> store = OpenScanStore(ctx);
  if (!store.ok()) return store.status();
  ReentryPolicy policy = Reentry(ctx, args.reentry);
  std::vector<std::string> jtis = JtisOf(*batch);
  // Before, merge and after in one transaction, so what is reported as
  // revealed is exactly what this merge revealed.
  EVT_RETURN_IF_ERROR(store->BeginBatch());
  Result<std::map<std::string, Admission>> before = Summaries(*store, jtis, policy);
  if (!before.ok()) return before.status();
  Result<MergeCounts> counts = store->Merge(batch->scans, batch->revocations, Drift(ctx));
  if (!counts.ok()) return counts.status();
  Result<std::map<std::string, Admission>> after = Summaries(*store, jtis, policy);
  if (!after.ok()) return after.status();
  EVT_RETURN_IF_ERROR(store->CommitBatch());
  for (const auto& [jti, admission] : *after) {
    if (admission.doubles.empty() || SameDoubles(admission, before->at(jti))) continue;
    EVT_RETURN_IF_ERROR(writer.Write(DoubleAdmissionRecord(ctx, jti, admission, policy)));
  }
  EVT_RETURN_IF_ERROR(writer.Flush());
  std::fputs(FormatMessageLine("merged " + std::to_string(counts->added) + " new of " + std::to_string(batch->size()) +
            " elements (" + std::to_string(counts->known) + " already here)").c_str(), stderr);
  if (counts->quarantined > 0) {
    PrintWarning(std::to_string(counts->quarantined) + " elements are more than " +
                 std::to_string(ctx.config.max_drift.count() / 1000) +
                 " s ahead of this gate's clock (token.max_drift): merged, but quarantined so they do not move "
                 "the scan clock; their gate's clock runs fast. `evt-token scans quarantine` lists them");
  }
  if (counts->conflicting > 0) {
    return Status::CheckFailed(std::to_string(counts->conflicting) +
                               " elements reuse an id already here with other content; kept the ones here");
  }
  return Status::Ok();
}

Status RunScansReport(const CommandContext& ctx, const ScansArgs& args) {
  Result<ScanStore> store = OpenScanStore(ctx, StoreAccess::kReadOnly);
  if (!store.ok()) return store.status();
  ReentryPolicy policy = Reentry(ctx, args.reentry);
  Result<std::vector<std::vector<ScanEvent>>> tickets = store->ScansByTicket();
  if (!tickets.ok()) return tickets.status();
  Result<std::vector<Revocation>> revocations = store->Revocations();
  if (!revocations.ok()) return revocations.status();
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  std::vector<Value> doubles;
  std::set<std::string> revoked;
  for (const Revocation& r : *revocations) revoked.insert(r.jti);
  ReportTable table;
  std::set<std::string> admitted;
  for (std::vector<ScanEvent>& scans : *tickets) {
    std::string jti = scans.front().jti;
    Admission a = SummarizeScans(std::move(scans), policy);
    if (!a.first) continue;
    if (!ctx.records) {
      table.AddAdmission(jti, a, revoked);
      admitted.insert(jti);
      continue;
    }
    EVT_RETURN_IF_ERROR(writer.Write(AdmissionRecord(ctx, jti, a)));
    if (!a.doubles.empty()) doubles.push_back(DoubleAdmissionRecord(ctx, jti, a, policy));
  }
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
