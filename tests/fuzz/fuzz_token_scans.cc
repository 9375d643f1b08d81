// Feeds arbitrary bytes to `evt-token scans merge`'s record parser: one
// JSON line into AddSyncRecord. Nothing may crash or hang; a record it
// accepts must write back (as `scans export` writes it) to a record that
// parses to the same element, and the admission walk over what was
// accepted must hold its own invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json_parse.h"
#include "tools/token/admission.h"
#include "tools/token/sync_records.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

evt::Value Envelope(std::string_view kind) {
  return evt::Value::object({{"kind", kind}, {"v", 1}, {"ts", "2026-12-05T09:00:00.000Z"}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::Value> record = evt::ParseJson(text, "fuzz");
  if (!record.ok() || !record->is_object()) return 0;
  evt::token::SyncBatch batch;
  evt::Result<bool> added = evt::token::AddSyncRecord(*record, batch);
  if (!added.ok()) {
    Require(added.status().code() == evt::ExitCode::kDataErr);
    Require(batch.size() == 0);
    return 0;
  }
  Require(batch.size() == (*added ? 1u : 0u));
  for (const evt::token::ScanEvent& e : batch.scans) {
    evt::Value again = Envelope("scan.event");
    evt::token::AddScanEventFields(again, e);
    auto parsed = evt::token::ScanEventFromRecord(again);
    Require(parsed.ok() && *parsed == e);
  }
  for (const evt::token::Revocation& r : batch.revocations) {
    evt::Value again = Envelope("revocation");
    evt::token::AddRevocationFields(again, r);
    auto parsed = evt::token::RevocationFromRecord(again);
    Require(parsed.ok() && *parsed == r);
  }
  for (auto policy : {evt::token::ReentryPolicy::kSingle, evt::token::ReentryPolicy::kReentry}) {
    evt::token::Admission a = evt::token::SummarizeScans(batch.scans, policy);
    Require(a.entries + a.exits == batch.scans.size());
    Require(a.doubles.size() <= a.entries);
    Require(a.first.has_value() == (a.entries > 0));
  }
  return 0;
}
