// Secrets named by config: passwords, API keys, HMAC keys. Config never
// holds one inline; it says where to get it, {"env": NAME}, {"file": PATH}
// or {"credential": NAME}, and this is where that is read and checked.
#pragma once

#include <string>
#include <string_view>

#include "common/state_dir.h"  // EnvLookup, SystemEnv
#include "common/status.h"
#include "common/value.h"

namespace evt {

// The bytes of a secret and where they came from. It has no operator<< and
// no ToString on purpose: what a log may show is Redacted(). The bytes are
// wiped when the Secret is destroyed or overwritten.
class Secret {
 public:
  Secret(std::string bytes, std::string origin);
  ~Secret();
  Secret(const Secret& other) = default;
  Secret& operator=(const Secret& other);
  Secret(Secret&& other);
  Secret& operator=(Secret&& other);

  // The secret itself. Never print it.
  const std::string& bytes() const { return bytes_; }
  // "<secret from env ROUTER_PASSWORD>", "<secret from file /etc/evt/x.key>":
  // names the source, never the value.
  std::string Redacted() const { return "<secret from " + origin_ + ">"; }

 private:
  void Wipe();

  std::string bytes_;
  std::string origin_;  // "env NAME", "file PATH" or "credential NAME"
};

// Reads the secret `spec` describes. `where` is the location of the spec for
// messages ("event.json: /token/code/secret"); `config_folder` is the
// folder relative file paths resolve against.
// - {"env": "NAME"}: the variable's value; unset or empty is an error that
//   names the variable (never a value).
// - {"file": "PATH"}: the file's content with one trailing "\n" (or "\r\n")
//   removed, because editors add one and no key or password ends in one.
//   Refused when the file is missing, not a regular file (symlinks to one
//   are followed), empty, bigger than 1 MiB, or has any permission bit for
//   group or others set: "run: chmod 600 PATH".
// - {"credential": "NAME"}: a systemd credential, the file NAME in
//   $CREDENTIALS_DIRECTORY (looked up through `env`), which systemd fills
//   for a unit with LoadCredential=NAME:PATH; read and checked as a file.
//   Refused when the variable is unset (not started by such a unit), the
//   name holds a "/", or the unit has no such credential.
// - anything else, a plain string above all, is refused with what to write
//   instead: secrets do not belong in config.
// Every failure is Status::Config.
Result<Secret> ResolveSecret(const Value& spec, std::string_view where, std::string_view config_folder,
                             const EnvLookup& env = SystemEnv);

}  // namespace evt
