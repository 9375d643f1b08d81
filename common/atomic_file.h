// Whole-file replacement for files another program reads while we write
// them (node_exporter's textfile collector): evt-scrape's and evt-budget's
// --textfile.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

// Writes `text` to PATH.tmp.<pid> beside `path`, fsyncs, and renames it
// over `path`, so a reader sees the old file or the new one, never half.
Status WriteFileAtomically(const std::string& path, const std::string& text);

// The same for a text made in pieces, so it is never whole in memory:
// `pieces` hands each piece, in order, to the function it is given. When
// it fails, PATH is left as it was and its status is returned.
using TextPieces = std::function<Status(const std::function<Status(std::string_view)>& out)>;
Status WriteFileAtomically(const std::string& path, const TextPieces& pieces);

}  // namespace evt
