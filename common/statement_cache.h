// A store together with the statements prepared on it once and rewound for
// each use: a gate's scan runs five of them, and preparing them again each
// time costs more than running them.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/store.h"

namespace evt {

// Move-only, as Store. The statements live as long as the cache.
class StatementCache {
 public:
  explicit StatementCache(Store store) : store_(std::move(store)) {}

  Store& store() { return store_; }

  // `sql` prepared on first use; later uses get it back rewound, with its
  // bindings cleared. REQUIRES: no caller is still stepping it.
  Result<Statement*> Get(std::string_view sql);

 private:
  Store store_;
  std::map<std::string, Statement, std::less<>> statements_;
};

}  // namespace evt
