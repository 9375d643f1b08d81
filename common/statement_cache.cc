#include "common/statement_cache.h"

namespace evt {

Result<Statement*> StatementCache::Get(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) {
    found->second.Reset();
    return &found->second;
  }
  Result<Statement> prepared = store_.Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  return &statements_.emplace(std::string(sql), std::move(*prepared)).first->second;
}

}  // namespace evt
