// `evt-runbook list`: the runbooks found, with what each takes and changes.
#include <cstdio>

#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/table.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"

namespace evt::runbook {
namespace {

std::string ParamsText(const RunbookHeader& header) {
  std::string text;
  for (const ParamSpec& p : header.params) {
    if (!text.empty()) text += ", ";
    text += p.name + (p.required ? "" : "?");
  }
  return text;
}

}  // namespace

Status ListCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  bool records = WantRecords(options.common);
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  Table table;
  // The name is what a person types next; the description says which one.
  table.AddColumn("name", {.priority = Priority::kKey});
  table.AddColumn("description", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  table.AddColumn("params", {.fit = Fit::kWrap});
  table.AddColumn("mutates", {.fit = Fit::kWrap, .priority = Priority::kLow});
  bool broken = false;
  for (const std::string& path : ListRunbookPaths(dirs)) {
    Result<RunbookFile> file = FindRunbook(path, dirs);
    if (!file.ok()) continue;
    Result<RunbookHeader> header = LoadHeader(*file, LibDirs(dirs, file->path));
    if (!header.ok()) {
      PrintWarning(header.status().message());
      broken = true;
      continue;
    }
    if (records) {
      EVT_RETURN_IF_ERROR(writer.Write(InfoRecord(*file, *header)));
    } else {
      table.AddRow({file->name, header->description, ParamsText(*header), Joined(header->mutates)});
    }
  }
  if (records) {
    EVT_RETURN_IF_ERROR(writer.Flush());
  } else {
    std::fputs(table.Render(ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO)).c_str(), stdout);
  }
  return broken ? Status::DataErr("") : Status::Ok();
}

}  // namespace evt::runbook
