// `history`: the last --limit records of the store, oldest first.
#include <iostream>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/table.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"

namespace evt::failover {

Status RunHistory(const Options& o) {
  Result<FailoverStore> store = OpenFailoverStore(o);
  if (!store.ok()) return store.status();
  Result<std::vector<std::string>> records = store->History(o.limit);
  if (!records.ok()) return records.status();
  if (WantRecords(o.common)) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    for (const std::string& r : *records) EVT_RETURN_IF_ERROR(out.WriteSerialized(r));
    return out.Flush();
  }
  Table t;
  t.AddColumn("detected", {.priority = Priority::kHigh});
  t.AddColumn("event", {.priority = Priority::kKey});
  t.AddColumn("path");
  t.AddColumn("active", {.priority = Priority::kLow});
  t.AddColumn("reason", {.fit = Fit::kWrap});
  for (const std::string& text : *records) {
    Result<Value> r = ParseJson(text, "history");
    if (!r.ok()) return r.status().Prefixed("history");
    auto field = [&](const char* key) {
      const Value* v = r->find(key);
      return v && v->is_string() ? v->as_string() : std::string();
    };
    t.AddRow({field("detected_at"), field("event"), field("path"), field("active"), field("reason")});
  }
  std::cout << t.Render(ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
  return Status::Ok();
}

}  // namespace evt::failover
