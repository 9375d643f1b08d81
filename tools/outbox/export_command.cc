// `evt-outbox export [--since N]`: the store's replica lines (records and
// delivery rows changed after cursor N), for `merge` on another kiosk over
// a pipe or ssh. The last line says where the next export starts.
#include <memory>

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/json_writer.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"

namespace evt::outbox {
namespace {

constexpr std::size_t kExportChunk = 4096;

struct ExportArgs {
  std::int64_t since = 0;
};

Status RunExport(const CommonOptions& common, const ExportArgs& args) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  std::int64_t cursor = args.since;
  std::int64_t lines = 0;
  while (true) {
    EVT_ASSIGN_OR_RETURN(ReplicaBatch batch, store.ExportSince(cursor, kExportChunk));
    for (const std::string& line : batch.lines) EVT_RETURN_IF_ERROR(out.WriteSerialized(line));
    lines += static_cast<std::int64_t>(batch.lines.size());
    cursor = batch.next_cursor;
    if (!batch.more) break;
  }
  EVT_RETURN_IF_ERROR(out.Write(CursorRecord(args.since, cursor, lines, ctx.config.kiosk, ctx.clock.Now())));
  return out.Flush();
}

}  // namespace

void AddExportCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand(
      "export", "the records and delivery rows changed after cursor N, as replica lines for `merge` on another kiosk; "
                "an outbox.cursor record last");
  MarkReadOnly(*exp);
  AddAfterSeqOption(*exp, args->since, "the cursor of the last export's outbox.cursor record (default 0: everything)");
  exp->callback([&options, args] { options.run = [&options, args] { return RunExport(options.common, *args); }; });
}

}  // namespace evt::outbox
