// `evt-runbook show NAME`: a runbook's header and source.
#include <cstdio>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"

namespace evt::runbook {

Status ShowCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  Result<RunbookFile> file = FindRunbook(options.show_target, dirs);
  if (!file.ok()) return file.status();
  Result<RunbookHeader> header = LoadHeader(*file, LibDirs(dirs, file->path));
  if (!header.ok()) return header.status();
  if (WantRecords(options.common)) {
    Value record = InfoRecord(*file, *header);
    record.set("source", file->source);
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    return writer.Write(record);
  }
  std::printf("%s: %s\n  path: %s\n  hash: %s\n", file->name.c_str(), header->description.c_str(),
              file->path.c_str(), file->hash.c_str());
  for (const ParamSpec& p : header->params) {
    std::printf("  param %s%s: %s%s\n", p.name.c_str(), p.required ? " (required)" : "", p.description.c_str(),
                p.default_value && !p.secret ? (" [default " + *p.default_value + "]").c_str() : "");
  }
  if (!header->mutates.empty()) std::printf("  mutates: %s\n", Joined(header->mutates).c_str());
  std::printf("  lock: %s\n\n%s", header->lock.value_or(file->name).c_str(), file->source.c_str());
  return Status::Ok();
}

}  // namespace evt::runbook
