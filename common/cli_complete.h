// `evt-NAME __complete WORD... CURRENT`: the hidden entry the shell
// completions call for what they cannot know when they are generated, the
// names on the site. It prints what may follow the words typed after the
// program's name, one candidate a line, a tab and a description after it
// where there is one (zsh and fish show it; bash drops it):
//   $ evt-runbook __complete run pre
//   preflight<TAB>/etc/evt/runbooks
// It knows the parser (subcommands, options, the choices of a value) and,
// for a value that names something on the site (common/completion_slots.h),
// the config the tool would read, honouring a --config already on the line.
// It opens no database and no connection, and never fails loudly: a broken
// config gives no names, an unknown word no candidates; it always exits 0
// (doc/design.md §7.4).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli_walk.h"
#include "common/site_names.h"

namespace CLI {
class App;
}

namespace evt {

struct Candidate {
  std::string value;
  std::string description;
};

// The names of `kind` for a line whose --config was `config_flag` ("" when
// none was typed).
using SiteNameLookup = std::function<std::vector<SiteName>(SiteNameKind kind, std::string_view config_flag)>;

// ReadSiteDocument + SiteNamesOf with the shipped runbook folders.
std::vector<SiteName> SiteNamesFromConfig(SiteNameKind kind, std::string_view config_flag);

// True when argv[1] is "__complete".
bool IsCompleteRequest(int argc, const char* const* argv);

// The words after "__complete", with "" appended when there are none (the
// word under the cursor is always the last).
std::vector<std::string> CompleteWords(int argc, const char* const* argv);

// What may replace the last of `words` (the word under the cursor, maybe
// empty) after the others, at `root` (the tool `root.name`): each candidate
// starts with that word, except for "--option=VALUE", whose candidates are
// the values alone, as the shells replace only the part after '='.
// REQUIRES: !words.empty().
std::vector<Candidate> CompleteLine(const CliCommand& root, const std::vector<std::string>& words,
                                    const SiteNameLookup& site_names);

// "value\tdescription" or "value", one a line.
void PrintCandidates(const std::vector<Candidate>& candidates, std::ostream& out);

// The hook for RunMain (common/cli_main.h): completes CompleteWords(argv)
// at `app` with SiteNamesFromConfig, prints them to `out` and returns 0.
// REQUIRES: IsCompleteRequest(argc, argv); LetSubcommandsFallThrough(app) done.
int PrintCompletions(const CLI::App& app, int argc, const char* const* argv, std::ostream& out);

}  // namespace evt
