// `evt-NAME config check`: validates the tool's part of the config and does
// nothing else, so a config can be checked before the event, or in CI.
#pragma once

#include <functional>
#include <ostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "common/cli_common_options.h"
#include "common/config.h"
#include "common/status.h"

namespace evt {

// What a tool checks in its own section: read it strictly, exactly as a run
// would (every key through ConfigObject, then Finish()), then load every
// file the section names with the parser the real command uses (see
// NamedFileError), and return the first error. Must not touch state, the
// network or stdout.
using ConfigSectionCheck = std::function<Status(const Config&)>;

// Adds the subcommand `config` with its subcommand `check` to `app`. When
// chosen, RunMain runs it instead of the tool's work: it finds the config
// (options.config, else $EVT_CONFIG, else the XDG default; config.h), loads
// it (top-level keys, `site`) and runs `check_section`. On success it prints
// "PATH: ok" on stdout and exits 0. Otherwise the error goes to stderr and
// the exit code is 78 (66 when a config named by --config or $EVT_CONFIG
// does not exist).
// REQUIRES: `options` is the one AddCommonOptions filled and outlives
// parsing; called once per app.
void AddConfigCheck(CLI::App& app, CommonOptions& options, ConfigSectionCheck check_section);

// The `config check` subcommand as AddConfigCheck adds it.
class ConfigCheckCommand : public CLI::App {
 public:
  ConfigCheckCommand(CLI::App* parent, const CommonOptions& options, ConfigSectionCheck check_section,
                     EnvLookup env);

  // Does the check, printing "PATH: ok" to `out` on success.
  Status Run(std::ostream& out) const;

 private:
  const CommonOptions& options_;
  ConfigSectionCheck check_section_;
  EnvLookup env_;
};

// The `config check` command if the parsed command line chose it, else
// nullptr. REQUIRES: app has been parsed.
const ConfigCheckCommand* ChosenConfigCheck(const CLI::App& app);

// A file the config names (a catalog, a flow, a template, a runbook), as a
// ConfigSectionCheck reports it after loading it with the parser the real
// command uses: whatever is wrong with it, being missing included, is bad
// config (78), named first by where the config names it, then by the
// file's own place when the parser gives one:
//   event.json: /price/promotions: /site/promotions.json: /promotions/0/kind: ...
// `where` is ConfigObject::Where(key), or "FILE: /POINTER". OK stays OK.
Status NamedFileError(std::string_view where, const Status& loaded);

// AddConfigCheck with the environment given, for tests.
void AddConfigCheck(CLI::App& app, CommonOptions& options, ConfigSectionCheck check_section, EnvLookup env);

}  // namespace evt
