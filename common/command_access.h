// Which subcommands of an evt tool only read, declared where the tool
// defines them, so that evt-runbook's dry run can fail closed: a subcommand
// no one marked read-only changes state. The marks leave the tool through
// `evt-NAME --evt-generate access` (one JSON line per command, below); the
// build joins every tool's lines into share/evt/command-access.jsonl, which
// evt-runbook reads (tools/runbook/call_access.h).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace evt {

// Marks `command` as one that changes nothing: no state, no file, no
// request other than GET/HEAD, nothing sent elsewhere. Only a leaf's mark
// counts, and its parents' marks say nothing about it.
// REQUIRES: `command` is a subcommand of the tool's app (not an option group).
void MarkReadOnly(CLI::App& command);

// Whether MarkReadOnly was called on `command`.
bool IsMarkedReadOnly(const CLI::App& command);

// The access table of `app`, one JSON object per line, the root first:
//   {"tool":"evt-token","command":["keys","export"],"access":"mutating",
//    "dry_run":false,"subcommands":[],"flags":["--json",...],
//    "value_options":["--out","--format",...]}
// "access" is "read-only" only for a command MarkReadOnly marked;
// "dry_run" says the command has an option --dry-run of its own (which by
// doc/design.md §9.1 then changes nothing and exits 3 when it would); "flags" and
// "value_options" spell every option a person may type there (its own and
// those it inherits), so a reader can tell an option's value from a word.
std::string RenderAccessTable(const CLI::App& app);

}  // namespace evt
