// The options every evt tool takes, added to its CLI11 app in one place so
// their names, help and behaviour cannot drift between tools.
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace evt {

// What a bad input record does to the stream.
enum class OnError {
  kFail,  // stop at the first bad record (the default)
  kSkip,  // count it, go on, and report the count at the end
};

struct CommonOptions {
  bool json = false;                // --json: records even on a terminal
  std::string config;               // --config FILE; empty: look it up
  std::string state_dir;            // --state-dir DIR; empty: look it up
  OnError on_error = OnError::kFail;
  bool errors_as_records = false;   // --errors-as-records
  bool utc = false;                 // --utc: tables show UTC, not the site's zone
  std::string color = "auto";       // --color auto|always|never
};

// The help group holding the common options (and --help/--version). The man
// page and completion generators list this group once, for the whole tool,
// rather than under every subcommand.
inline constexpr std::string_view kCommonOptionsGroup = "Common options";

// Adds --json, --config FILE, --state-dir DIR, --on-error fail|skip,
// --errors-as-records, --utc, -q/--quiet and -v/--verbose (SetVerbosity in
// common/messages.h; the last one given wins), --color and --version (printing "NAME VERSION" with the app's
// name and EVT_VERSION) to `app`, writing into `options` (given twice, an
// option's last value wins, as aliases expect), and lets every
// subcommand pass them up, so `evt-token scan --json` works as well as
// `evt-token --json scan`.
// REQUIRES: app is the tool's top-level app, with its name set ("evt-NAME");
// `options` outlives parsing. Call it once.
void AddCommonOptions(CLI::App& app, CommonOptions& options);

// Lets every subcommand of `app`, at any depth, hand options it does not
// know to its parent. AddCommonOptions does it for the subcommands that
// exist then; RunMain does it again for the ones added later.
void LetSubcommandsFallThrough(CLI::App& app);

// True for the options AddCommonOptions added (and --help/--version).
bool IsCommonOption(const CLI::Option& option);

}  // namespace evt
