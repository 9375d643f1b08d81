// The templates of `template`/`write` actions: "{{name}}" is replaced by
// the value of `name`; nothing else is special. An unknown name is an
// error rather than an empty string, so a typo cannot write a broken
// nginx include.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::failover {

// DataErr "line N: unknown variable "x" (known: a, b)" or "line N:
// unclosed {{".
Result<std::string> RenderTemplate(std::string_view text, const std::map<std::string, std::string>& vars);

// Writes `content` to a new temporary file beside `path` (O_EXCL and
// O_NOFOLLOW under a random name, so nothing planted there is written
// through), fsyncs it, renames it into place and fsyncs the folder: a
// reader sees the old file or the new one, never half, and a power cut
// keeps one of them. An existing file keeps its mode; a new one gets 0600.
Status WriteAtomically(const std::string& path, std::string_view content);

}  // namespace evt::failover
