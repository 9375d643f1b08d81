// `evt-outbox put QUEUE [FILE]`: records made durable in batches, each
// batch one transaction (one fsync) answered by an outbox.put record only
// once it is committed.
#include <iostream>
#include <memory>

#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/queue_transforms.h"
#include "tools/outbox/record_id.h"

namespace evt::outbox {
namespace {

constexpr std::size_t kDefaultBatch = 256;

struct PutArgs {
  std::string queue;
  std::string file = "-";
  std::size_t batch = kDefaultBatch;
};

// Stores batches and answers for each; remembers what the run as a whole
// must end with.
class Putter {
 public:
  Putter(const CommandContext& ctx, OutboxStore& store, const QueueSpec& queue, RecordWriter& out,
         QueueTransformer& transform)
      : ctx_(ctx), store_(store), queue_(queue), out_(out), layout_(ctx.Layout()), transform_(transform) {}

  Status Flush(std::vector<OutboxRecord>& batch) {
    const std::size_t sampled_out = transform_.TakeNotStored();
    if (batch.empty() && sampled_out == 0) return Status::Ok();
    std::vector<std::string> offered;
    offered.reserve(batch.size());
    for (const OutboxRecord& r : batch) offered.push_back(r.line);
    const std::size_t size = batch.size();
    PutReport report;
    if (!batch.empty()) {
      EVT_ASSIGN_OR_RETURN(report, store_.Put(layout_, queue_.name, std::move(batch), ctx_.clock.Now()));
    }
    batch.clear();
    ++batches_;
    Tally(report);
    EVT_RETURN_IF_ERROR(transform_.SaveRollups());
    EVT_RETURN_IF_ERROR(Answer(PutBatch{queue_.name, batches_, size, sampled_out}, report, offered));
    if (report.refused) return *report.refused;
    return Status::Ok();
  }

  // The queue's roll-ups of intervals now closed, put as a batch of their own.
  Status SealRollups() {
    EVT_ASSIGN_OR_RETURN(std::vector<OutboxRecord> sealed, transform_.SealClosed(ctx_.config.kiosk, ctx_.clock.Now()));
    EVT_RETURN_IF_ERROR(Flush(sealed));
    return transform_.ForgetSealed();
  }

  Status Finish() {
    if (!ctx_.records) {
      std::cout << PutSummary(queue_.name, batches_, totals_) << "\n";
      std::cout.flush();
    }
    if (totals_.conflict > 0)
      return Status::CheckFailed(queue_.name + ": " + std::to_string(totals_.conflict) +
                                 (totals_.conflict == 1 ? " record conflicts" : " records conflict") +
                                 " with what is stored under the same id; the stored one was kept");
    return Status::Ok();
  }

 private:
  void Tally(const PutReport& report) {
    totals_.added += report.counts.added;
    totals_.duplicate += report.counts.duplicate;
    totals_.conflict += report.counts.conflict;
    totals_.refused += report.counts.refused;
    totals_.shed += report.shed.size();
  }

  Status Answer(const PutBatch& batch, const PutReport& report, const std::vector<std::string>& offered) {
    const TimePoint now = ctx_.clock.Now();
    for (std::size_t i = 0; i < report.results.size(); ++i) {
      const PutResult& r = report.results[i];
      if (r.outcome != PutOutcome::kConflict) continue;
      if (ctx_.records) {
        EVT_ASSIGN_OR_RETURN(Value conflict, ConflictRecord(queue_.name, r.id, r.stored_line, offered[i], now));
        EVT_RETURN_IF_ERROR(out_.Write(conflict));
      } else {
        std::cout << "conflict: " << r.id << ": stored " << r.stored_line << "\n          offered " << offered[i]
                  << "\n";
      }
    }
    if (!ctx_.records) return Status::Ok();
    for (const ShedRecord& shed : report.shed) EVT_RETURN_IF_ERROR(out_.Write(ShedRecordOf(shed, queue_.name, now)));
    return out_.Write(PutRecord(batch, report, now));
  }

  const CommandContext& ctx_;
  OutboxStore& store_;
  const QueueSpec& queue_;
  RecordWriter& out_;
  OutboxLayout layout_;
  QueueTransformer& transform_;
  std::size_t batches_ = 0;
  PutCounts totals_;
};

Result<const QueueSpec*> ConfiguredQueue(const CommandContext& ctx, const std::string& name) {
  const QueueSpec* queue = ctx.config.FindQueue(name);
  if (queue != nullptr) return queue;
  std::string known;
  for (const QueueSpec& q : ctx.config.queues) known += (known.empty() ? "" : ", ") + q.name;
  return Status::Usage("no queue \"" + name + "\" in " + ctx.config_path + ": /outbox/queues (configured: " +
                       (known.empty() ? "none" : known) + ")");
}

Status RunPut(const CommonOptions& common, const PutArgs& args) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(const QueueSpec* queue, ConfiguredQueue(ctx, args.queue));
  EVT_ASSIGN_OR_RETURN(JsonlReader reader, JsonlReader::Open(args.file));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  RecordInput input(reader, common, out, ctx.clock);
  EVT_ASSIGN_OR_RETURN(QueueTransformer transform, QueueTransformer::Make(queue->name, queue->transforms, ctx.state_dir));
  Putter putter(ctx, store, *queue, out, transform);
  std::vector<OutboxRecord> batch;
  while (true) {
    EVT_ASSIGN_OR_RETURN(std::optional<JsonlRecord> record, input.Next());
    if (!record) break;
    transform.Privatise(record->value);
    Result<OutboxRecord> made = MakeOutboxRecord(record->value, queue->name, ctx.config.kiosk, ctx.clock.Now());
    if (!made.ok()) {
      EVT_RETURN_IF_ERROR(input.Reject(
          Status::DataErr(reader.name() + ":" + std::to_string(record->line) + ": " + made.status().message())));
      continue;
    }
    if (!transform.Keeps(record->value, made->id, ctx.clock.Now())) continue;
    batch.push_back(std::move(*made));
    if (batch.size() >= args.batch) EVT_RETURN_IF_ERROR(putter.Flush(batch));
  }
  EVT_RETURN_IF_ERROR(putter.Flush(batch));
  EVT_RETURN_IF_ERROR(putter.SealRollups());
  input.ReportAtEnd();
  EVT_RETURN_IF_ERROR(out.Flush());
  return putter.Finish();
}

}  // namespace

void AddPutCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<PutArgs>();
  CLI::App* put = app.add_subcommand(
      "put", "store records in QUEUE durably, a batch per transaction: an outbox.put record per batch once committed; "
             "exit 1 on a conflict, 75 when a critical queue is full");
  put->add_option("queue", args->queue, "the queue, as in outbox.queues")->required()->type_name("QUEUE");
  put->add_option("file", args->file, "JSON Lines records (default: stdin; \"-\" is stdin)")->type_name("FILE");
  put->add_option("--batch", args->batch, "records per transaction, each one fsync (default 256)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  put->callback([&options, args] { options.run = [&options, args] { return RunPut(options.common, *args); }; });
}

}  // namespace evt::outbox
