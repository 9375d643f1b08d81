// `evt-runbook check NAME`: a runbook's static checks, without running it.
#include <cstdio>

#include "common/messages.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/api_check.h"

namespace evt::runbook {

Status CheckCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  Result<RunbookFile> file = FindRunbook(options.check_target, dirs);
  if (!file.ok()) return file.status();
  std::vector<std::string> problems = CheckRunbook(*file, LibDirs(dirs, file->path));
  for (const std::string& problem : problems) PrintError(problem);
  if (!problems.empty()) return Status::CheckFailed("");
  std::printf("%s: ok\n", file->path.c_str());
  return Status::Ok();
}

}  // namespace evt::runbook
