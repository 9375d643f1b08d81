// `check`: what can be found wrong in a runbook without running it.
#pragma once

#include <string>
#include <vector>

#include "tools/runbook/runbook_file.h"

namespace evt::runbook {

// Every `evt.NAME` (and `evt.log.NAME`, `evt.json.NAME`) in the source,
// outside comments and strings, that the evt table does not have, as
// "PATH:LINE: unknown evt call evt.NAME".
std::vector<std::string> UnknownEvtCalls(const RunbookFile& file);

// The compile and header check and UnknownEvtCalls together: every problem,
// each naming the file and (when known) the line. Empty when it is fine.
std::vector<std::string> CheckRunbook(const RunbookFile& file, const std::vector<std::string>& lib_dirs);

}  // namespace evt::runbook
