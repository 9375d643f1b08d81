#include "common/cli_common_options.h"

#include "common/messages.h"
#include "common/output_mode.h"

namespace evt {
namespace {

const std::string kGroup(kCommonOptionsGroup);

void AddOnError(CLI::App& app, CommonOptions& options) {
  app.add_option_function<std::string>(
         "--on-error",
         [&options](const std::string& value) {
           options.on_error = value == "skip" ? OnError::kSkip : OnError::kFail;
         },
         "what a bad input record does: fail stops at it (the default); skip counts it, "
         "goes on, and reports the count at the end")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(kGroup);
}

void AddVersion(CLI::App& app) {
  app.set_version_flag("--version", app.get_name() + " " + EVT_VERSION, "print the version and exit")
      ->group(kGroup);
}

void AddVerbosity(CLI::App& app) {
  app.add_flag_callback("-q,--quiet", [] { SetVerbosity(Verbosity::kQuiet); },
                        "say nothing on stderr but errors")
      ->group(kGroup);
  app.add_flag_callback("-v,--verbose", [] { SetVerbosity(Verbosity::kVerbose); },
                        "also say on stderr what the command did")
      ->group(kGroup);
}

// Every table and live view asks ColorEnabled, so the choice is made there
// once rather than passed to each of them.
void AddColor(CLI::App& app, CommonOptions& options) {
  app.add_option("--color", options.color,
                 "colour in tables and messages: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->each([](const std::string& value) {
        if (Result<ColorWhen> when = ParseColorWhen(value); when.ok()) SetColorWhen(*when);
      })
      ->type_name("WHEN")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(kGroup);
}

}  // namespace

void AddCommonOptions(CLI::App& app, CommonOptions& options) {
  app.set_help_flag("-h,--help", "print this help and exit")->group(kGroup);
  AddVersion(app);
  app.add_flag("--json", options.json, "print records (JSON Lines) even when stdout is a terminal")
      ->group(kGroup);
  app.add_option("--config", options.config,
                 "the config file (default: $EVT_CONFIG, else $XDG_CONFIG_HOME/evt/event.json)")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(kGroup);
  app.add_option("--state-dir", options.state_dir,
                 "where the tool keeps its state (default: $EVT_STATE_DIR, else the config's site.state_dir, else "
                 "$XDG_STATE_HOME/evt)")
      ->type_name("DIR")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(kGroup);
  AddOnError(app, options);
  app.add_flag("--errors-as-records", options.errors_as_records,
               "also write each error as an \"error\" record on stdout")
      ->group(kGroup);
  app.add_flag("--utc", options.utc,
               "show times in tables in UTC rather than the site's time zone (records are always UTC)")
      ->group(kGroup);
  AddVerbosity(app);
  AddColor(app, options);
  LetSubcommandsFallThrough(app);
}

void LetSubcommandsFallThrough(CLI::App& app) {
  app.fallthrough();
  for (CLI::App* sub : app.get_subcommands({})) {
    // A nameless subcommand is an option group: CLI11 already forwards its
    // options, and making it fall through would loop.
    if (!sub->get_name().empty()) LetSubcommandsFallThrough(*sub);
  }
}

bool IsCommonOption(const CLI::Option& option) { return option.get_group() == kGroup; }

}  // namespace evt
