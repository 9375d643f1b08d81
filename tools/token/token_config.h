// The "token" section of the site config, read strictly:
//   "token": {"issuer": "popup-berlin-01", "audience": "gate", "ttl": "15m",
//             "leeway": "30s", "jwks": "gates/jwks.json",
//             "gate": "gate-a", "code": {"step": "15s", "secret": {...}}}
// "gate", "reentry", "max_drift" and "code" belong to gate scanning
// (evt-token scan, scans, code); "reentry" is "single" (the default) or
// "reentry" and must be the same at every gate, since it decides what
// counts as a double admission. "max_drift" (default 10m) is how far ahead
// of this gate's clock a merged element may be and still move its scan
// clock; one further ahead is quarantined.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/config.h"
#include "common/secret.h"
#include "common/status.h"

namespace evt::token {

struct TokenConfig {
  std::optional<std::string> issuer;    // default "iss" when signing, expected when verifying
  std::optional<std::string> audience;  // likewise for "aud"
  std::chrono::seconds ttl{15 * 60};
  std::chrono::seconds leeway{30};
  std::optional<std::string> jwks;      // absolute path: the set a gate verifies with
  std::optional<std::string> gate;
  std::string reentry = "single";
  std::chrono::milliseconds max_drift{std::chrono::minutes(10)};
  // "code": read only by the commands that use rotating codes, so a machine
  // that merely checks the config needs no access to the secret.
  std::chrono::seconds code_step{15};
  std::optional<ConfigObject> code;
  std::string site_timezone;  // site.timezone, for the times tables show; "" without a config
};

// The code key named by token.code.secret. Config error when the config
// has no "code" section or the secret cannot be read.
Result<Secret> ReadCodeKey(const TokenConfig& config);

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
