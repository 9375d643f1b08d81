// Which values on a tool's command line name things on the site (a runbook,
// a probe target, a queue…), so that completion offers the names the config
// gives them (common/site_names.h). A table here rather than an annotation
// on each tool's parser: the parsers belong to the tools, and one table is
// easy to keep in step with them (tests/cli/completion_site.sh completes
// every row against a test config, so a renamed option shows there).
#pragma once

#include <span>
#include <string_view>

#include "common/cli_walk.h"
#include "common/site_names.h"

namespace evt {

struct CompletionSlot {
  std::string_view tool;  // "evt-outbox"
  std::string_view path;  // the subcommands: "list", "canary status"; "" for the root
  std::string_view slot;  // an option's first long name with its dashes ("--queue") or a positional's name ("queue")
  SiteNameKind kind;
};

// Every row of the table.
std::span<const CompletionSlot> CompletionSlots();

// The kind of name `slot` takes at `path` of `tool`; kNone for a value that
// names nothing on the site.
SiteNameKind SiteNameKindAt(std::string_view tool, std::string_view path, std::string_view slot);

// The same for an option or a positional of the last command of `chain`.
SiteNameKind SiteNameKindOf(const CliChain& chain, const CliOption& option);
SiteNameKind SiteNameKindOf(const CliChain& chain, const CliPositional& positional);

// Whether any value on `root`'s command line names something on the site,
// or ForwardsUnknownCommands(root.name): the completion scripts then call
// `root.name __complete`.
bool AsksForSiteNames(const CliCommand& root);

// Whether an unknown first word runs another program with the rest of the
// line (the front door `evt` runs evt-WORD), so completion hands the line on.
bool ForwardsUnknownCommands(std::string_view tool);

}  // namespace evt
