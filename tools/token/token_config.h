// The "token" section of the site config, read strictly:
//   "token": {"issuer": "popup-berlin-01", "audience": "gate", "ttl": "15m",
//             "leeway": "30s", "jwks": "gates/jwks.json",
//             "gate": "gate-a", "code": {"step": "15s", "secret": {...}}}
// "gate" and "code" belong to gate scanning; they are checked for their
// shape here so one file serves every gate, and otherwise unused so far.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace evt::token {

struct TokenConfig {
  std::optional<std::string> issuer;    // default "iss" when signing, expected when verifying
  std::optional<std::string> audience;  // likewise for "aud"
  std::chrono::seconds ttl{15 * 60};
  std::chrono::seconds leeway{30};
  std::optional<std::string> jwks;      // absolute path: the set a gate verifies with
  std::optional<std::string> gate;
};

// Reads the section; Config errors (78) name the file and the JSON pointer.
// A "code" secret is checked for its form, not read.
Result<TokenConfig> ReadTokenConfig(const Config& config);

// The section of the config that --config, $EVT_CONFIG or the XDG default
// names; defaults when there is no config file at all at the default
// place (a config named by --config or $EVT_CONFIG must exist).
Result<TokenConfig> LoadTokenConfig(const std::string& flag_value);

// For `config check`.
Status CheckTokenSection(const Config& config);

}  // namespace evt::token
