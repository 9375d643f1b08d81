// What verify and scan share: the keys a gate verifies with and the policy
// built from the flags and the config.
#pragma once

#include <string>

#include "tools/token/commands.h"
#include "tools/token/key_set.h"
#include "tools/token/verifier.h"

namespace evt::token {

// The --jwks file or token.jwks when given (a gate holds no private key),
// else the ring's verifying keys. `source` receives where they came from.
Result<KeySet> VerificationKeys(const CommandContext& ctx, const VerifyArgs& args, std::string& source);

// The header and claims policy of `args` over the config's defaults.
Result<VerifyOptions> Policy(const CommandContext& ctx, const VerifyArgs& args, const KeySet& keys);

}  // namespace evt::token
