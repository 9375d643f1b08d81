// evt-token's one state database (<state_dir>/token.db): the key ring and
// the gate's scan set live side by side, so both open it with the same
// migrations, whichever opens it first.
#pragma once

#include <vector>

#include "common/store.h"

namespace evt::token {

const std::vector<Migration>& TokenMigrations();

}  // namespace evt::token
