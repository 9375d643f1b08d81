#include "tools/budget/ingest_run.h"

#include "common/error_record.h"
#include "common/jsonl_reader.h"
#include "common/messages.h"
#include "common/record_input.h"
#include "tools/budget/plain_usage_line.h"

namespace evt::budget {
namespace {

class Batch {
 public:
  Batch(Ledger& ledger, const Clock& clock, const IngestOptions& options)
      : ledger_(ledger), clock_(clock), options_(options) {}
  ~Batch() {
    if (open_) ledger_.Abandon();
  }

  Status Open() {
    EVT_RETURN_IF_ERROR(ledger_.Begin());
    open_ = true;
    records_ = 0;
    started_ = clock_.Monotonic();
    return Status::Ok();
  }
  Status Close() {
    if (!open_) return Status::Ok();
    open_ = false;
    EVT_RETURN_IF_ERROR(ledger_.Commit());
    return options_.after_commit ? options_.after_commit() : Status::Ok();
  }
  // Commits and opens the next batch when this one is full or old.
  Status Counted() {
    if (++records_ < options_.batch_records && clock_.Monotonic() - started_ < kBatchAge) return Status::Ok();
    EVT_RETURN_IF_ERROR(Close());
    return Open();
  }

 private:
  Ledger& ledger_;
  const Clock& clock_;
  const IngestOptions& options_;
  bool open_ = false;
  int records_ = 0;
  std::chrono::steady_clock::time_point started_;
};

void NoteConflict(Ingester& ingester, const JsonlReader& reader, std::size_t line) {
  if (!ingester.counts().first_conflict.empty()) return;
  ingester.counts().first_conflict = reader.name() + ":" + std::to_string(line) + ": " + ingester.last_conflict();
}

// The reader's take_line for plain usage records (plain_usage_line.h): they
// go straight to the ledger, the rest to the Value path. A failure of the
// ledger cannot be returned from take_line: it is kept in `failed`, every
// later line is declined, and the loop returns it before the next record.
// Under --strict a re-used id is an error with the line's place, which
// only the Value path writes, so there every line takes that path.
std::function<bool(std::string_view, std::size_t)> PlainUsageTaker(Ingester& ingester, Batch& batch,
                                                                   const JsonlReader* const& reader,
                                                                   const IngestOptions& options, Status& failed) {
  if (options.strict) return {};
  return [&ingester, &batch, &reader, &options, &failed](std::string_view line, std::size_t number) {
    if (!failed.ok()) return false;
    std::optional<PlainUsage> usage = ReadPlainUsageLine(line);
    if (!usage) return false;
    if (options.now) ingester.set_now(options.now());
    std::optional<Result<Applied>> applied = ingester.ApplyPlainUsage(*usage);
    if (!applied) return false;
    if (!applied->ok()) {
      failed = applied->status();
      return true;
    }
    if (**applied == Applied::kConflicting) NoteConflict(ingester, *reader, number);
    failed = batch.Counted();
    return true;
  };
}

Status IngestOne(const std::string& path, Ingester& ingester, Batch& batch, const CommonOptions& common,
                 RecordWriter& out, const Clock& clock, TimePoint now, const IngestOptions& options) {
  const JsonlReader* opened = nullptr;
  Status failed;
  JsonlReaderOptions reader_options;
  reader_options.take_line = PlainUsageTaker(ingester, batch, opened, options, failed);
  Result<JsonlReader> reader = JsonlReader::Open(path, std::move(reader_options));
  if (!reader.ok()) return reader.status();
  opened = &*reader;
  RecordInput input(*reader, common, out, clock);
  std::size_t bad = 0;
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    EVT_RETURN_IF_ERROR(failed);
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const JsonlRecord& record = **next;
    if (options.now) ingester.set_now(options.now());
    Result<Applied> applied = ingester.Apply(record.value);
    if (!applied.ok()) {
      Status located = applied.status().Prefixed(reader->name() + ":" + std::to_string(record.line));
      if (common.on_error == OnError::kFail) return located;
      PrintError(located);
      if (common.errors_as_records) {
        EVT_RETURN_IF_ERROR(out.Write(MakeErrorRecord(ProgramName(), located, now, path,
                                                      static_cast<std::int64_t>(record.line))));
      }
      ++bad;
      continue;
    }
    if (*applied == Applied::kNotTaken) input.Ignore(record.value);
    if (*applied == Applied::kConflicting) NoteConflict(ingester, *reader, record.line);
    EVT_RETURN_IF_ERROR(batch.Counted());
  }
  input.ReportAtEnd();
  if (bad > 0) PrintWarning(reader->name() + ": skipped " + std::to_string(bad) + " records the ledger cannot take");
  return Status::Ok();
}

// As evt-token's scan merge does: the ledger's entry stays, and the other
// usage is neither lost without a word nor counted twice.
void WarnOfConflicts(const IngestCounts& counts) {
  if (counts.conflicting == 0) return;
  PrintWarning(std::to_string(counts.conflicting) + (counts.conflicting == 1 ? " record re-uses" : " records re-use") +
               " an id already in the ledger with other content; kept the ledger's (first: " + counts.first_conflict +
               "; --strict refuses them)");
}

// Never silently: a load test's records that no budget counts are said to
// be left out, with where to count them.
void ReportSynthetic(const IngestCounts& counts) {
  if (counts.synthetic.empty()) return;
  std::int64_t total = 0;
  std::string tags;
  for (const auto& [tag, n] : counts.synthetic) {
    total += n;
    tags += (tags.empty() ? "" : ", ") + tag + (counts.synthetic.size() > 1 ? " " + std::to_string(n) : "");
  }
  PrintWarning("ignored " + std::to_string(total) + " synthetic " + (total == 1 ? "record" : "records") + " (" + tags +
               "); a budget counts them with include_synthetic or inside a budget.staging window");
}

}  // namespace

Status IngestInputs(const std::vector<std::string>& inputs, const BudgetConfig& config, Ledger& ledger,
                    TimePoint now, const CommonOptions& common, RecordWriter& out, IngestCounts& counts,
                    const IngestOptions& options) {
  SystemClock clock;
  Ingester ingester(config, ledger, now, options.strict);
  Batch batch(ledger, clock, options);
  EVT_RETURN_IF_ERROR(batch.Open());
  std::vector<std::string> paths = inputs.empty() ? std::vector<std::string>{"-"} : inputs;
  for (const std::string& path : paths) {
    Status status = IngestOne(path, ingester, batch, common, out, clock, now, options);
    if (!status.ok()) {
      counts = ingester.counts();
      // Storage failed: the batch in flight is rolled back whole.
      if (status.code() != ExitCode::kDataErr) return status;
      // A bad record is checked before anything of it is written, so what
      // came before it is good: keep it, and a re-run after the fix resumes
      // rather than repeats.
      Status closed = batch.Close();
      counts = ingester.counts();
      WarnOfConflicts(counts);
      ReportSynthetic(counts);
      return closed.ok() ? status : closed;
    }
  }
  counts = ingester.counts();
  Status closed = batch.Close();
  WarnOfConflicts(counts);
  ReportSynthetic(counts);
  return closed;
}

}  // namespace evt::budget
