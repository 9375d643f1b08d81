// Man pages and shell completions generated from a tool's CLI11 app, so they
// cannot drift from its parser. RunMain (common/cli.h) calls these for
// `evt-NAME --evt-generate man|bash|zsh|fish`; scripts/gen-docs.sh writes the
// results to man/ and completions/ and tests/cli/docs_in_sync.sh checks them.
//
// Each function renders only what the app shows: options and subcommands
// CLI11 hides (the empty group) are left out. The output depends on nothing
// but its arguments (no date, no paths), so regenerating is reproducible.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace CLI {
class App;
}

namespace evt {

struct ManPageInfo {
  std::string name;         // "evt-token"
  std::string summary;      // one line for NAME: "short-lived signed tokens"
  std::string version;      // "0.1.0"
  std::string handwritten;  // the roff of man/src/evt-NAME.1.roff
};

// A section 1 page in roff: NAME, SYNOPSIS, DESCRIPTION, COMMANDS, OPTIONS,
// EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO. The hand-written
// part supplies DESCRIPTION (else the app's description is used), EXAMPLES,
// the tool-specific text of EXIT STATUS (followed by the table of every
// code in kExitCodes), and optionally FILES, SEE ALSO (appended to the
// generated list) and other sections, which follow FILES in their order.
// Text from the app is escaped for roff; the hand-written part is copied.
// REQUIRES: CheckManPageSource(info.handwritten, ...).ok(); otherwise what
// is not in a section is dropped.
std::string RenderManPage(const CLI::App& app, const ManPageInfo& info);

// Whether `roff` is a usable hand-written part: only comments before the
// first .SH, a DESCRIPTION, EXAMPLES and EXIT STATUS section, and none of
// the sections the generator writes (NAME, SYNOPSIS, COMMANDS, OPTIONS,
// ENVIRONMENT). `where` names the file in the message:
// "man/src/evt-token.1.roff:3: text before the first .SH".
Status CheckManPageSource(std::string_view roff, std::string_view where);

// `complete -F` completion for bash: subcommands, options, the choices of
// an option or positional, files and directories where the value is one.
std::string RenderBashCompletion(const CLI::App& app);

// A #compdef file for zsh: _arguments with a state per subcommand level.
std::string RenderZshCompletion(const CLI::App& app);

// `complete -c` lines for fish, each conditioned on the subcommand path.
std::string RenderFishCompletion(const CLI::App& app);

}  // namespace evt
