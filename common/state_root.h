// The site's state root: which directory every tool's store lives in, and
// why. One root per site: the units and an operator who passes the same
// config must land on the same store, or a `force` goes where no daemon
// looks (doc/design.md §4.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/state_dir.h"
#include "common/status.h"

namespace evt {

struct StateRoot {
  std::string dir;
  std::string why;                    // "--state-dir", "EVT_STATE_DIR", "site.state_dir in FILE", ...
  std::vector<std::string> warnings;  // the sources that disagree with the one chosen
};

// The config's say: site.state_dir (absolute) and the file it came from.
struct ConfigStateDir {
  std::string dir;
  std::string file;
};

// The choice itself, first of: flag (--state-dir), $EVT_STATE_DIR, the
// config's site.state_dir, $XDG_STATE_HOME/evt, $HOME/.local/state/evt.
// Warns when $EVT_STATE_DIR or the flag overrides a different config value.
// Fails with Config when none applies.
Result<StateRoot> ChooseStateRoot(std::string_view flag, const std::optional<ConfigStateDir>& config,
                                  const EnvLookup& env = SystemEnv);

// ChooseStateRoot with the config found as the tool finds it (--config,
// $EVT_CONFIG, the XDG default). The config is read only when it can
// matter: always with `explain` (for the warnings), else only when neither
// the flag nor $EVT_STATE_DIR is set. No config file at the default place
// is not an error; a named one that is missing, or a bad one, is.
Result<StateRoot> FindStateRoot(const CommonOptions& options, bool explain = false,
                                const EnvLookup& env = SystemEnv);

// FindStateRoot(options).dir: what the tools open their stores in.
Result<std::string> ResolveStateDir(const CommonOptions& options, const EnvLookup& env = SystemEnv);

}  // namespace evt
