// The content hash that names which version of a runbook ran.
#pragma once

#include <string>
#include <string_view>

namespace evt::runbook {

// "sha256:" and the lowercase hex SHA-256 of `bytes`.
std::string ContentHash(std::string_view bytes);

// 16 random bytes as 32 hex digits: a run id.
std::string NewRunId();

}  // namespace evt::runbook
