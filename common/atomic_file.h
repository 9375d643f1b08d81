// Whole-file replacement for files another program reads while we write
// them (node_exporter's textfile collector): evt-scrape's and evt-budget's
// --textfile.
#pragma once

#include <string>

#include "common/status.h"

namespace evt {

// Writes `text` to PATH.tmp.<pid> beside `path`, fsyncs, and renames it
// over `path`, so a reader sees the old file or the new one, never half.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace evt
