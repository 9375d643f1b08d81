// Unlinked temporary files, for what a command must hold on disk rather than
// in memory (a spooled body, a spooled stdin): gone when the process is.
#pragma once

#include <string>

namespace evt {

// $TMPDIR, else /tmp.
std::string TempFolder();

// A file in `dir` that has no name (O_TMPFILE, or a mkostemp'ed one unlinked
// at once where the file system has no O_TMPFILE), open read-write; -1 with
// errno set when it cannot be made.
int OpenUnlinkedTempFile(const std::string& dir);

}  // namespace evt
