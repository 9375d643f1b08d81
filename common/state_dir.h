// Where a tool keeps its state, and making sure nobody else can read or
// replace it: the state directory holds signing keys, ticket scans and the
// budget ledger.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

// Looks up an environment variable: nullptr when it is unset. Injectable so
// tests do not depend on (or change) the real environment.
using EnvLookup = std::function<const char*(const char* name)>;

// The process environment (getenv).
const char* SystemEnv(const char* name);

// The state directory, first of: flag_value (--state-dir), $EVT_STATE_DIR,
// $XDG_STATE_HOME/evt, $HOME/.local/state/evt. An empty value counts as
// unset; a relative $XDG_STATE_HOME is ignored, as the XDG spec says.
// Nothing is created here (see EnsurePrivateDir).
// Fails with a Config status saying what to set when none applies.
Result<std::string> ResolveStateDir(std::string_view flag_value, const EnvLookup& env = SystemEnv);

// Makes sure `path` is a directory only its owner can write, or a site's
// shared one: setgid and group-writable (mode 2770, the `evt` group's; see
// systemd/evt.sysusers.conf), not writable by others.
// A missing directory is created with its missing parents: the parents as
// `mkdir -p` would (0777 less the umask), `path` itself with mode exactly
// 0700 (chmod'ed after mkdir, so an odd umask cannot widen or narrow it).
// An existing directory is never chmod'ed: if group or others can write it,
// it is refused (Config, naming the path and the mode), because changing
// the mode of a directory the user set up is their decision, not ours.
// A group- or world-readable one is accepted: the files evt puts in it are
// created 0600.
Status EnsurePrivateDir(const std::string& path);

// Creates `path` as an empty file with mode 0600 (0660 in a site's shared
// directory) if it does not exist yet; an existing file is left as it is.
// Who creates it matters: a user other than the directory's owner is
// refused (Config, saying to run as the owner: `sudo -u evt …`), since
// the owner's daemons could not write a file of theirs; root may, and
// gives the file to the directory's owner and group.
// Fails with IoErr naming the path (for instance when it is a directory).
Status EnsurePrivateFile(const std::string& path);

// "dir/name", without doubling a trailing slash of dir.
std::string JoinPath(std::string_view dir, std::string_view name);

}  // namespace evt
