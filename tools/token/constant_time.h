// Comparison of secrets (MACs, signatures) in time that does not depend on
// where they differ, so a verifier leaks nothing to someone timing it.
#pragma once

#include <string_view>

namespace evt::token {

// True when a and b hold the same bytes. The time taken depends only on the
// lengths, which are public (a MAC's length is fixed by its algorithm).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace evt::token
