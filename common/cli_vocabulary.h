// The flag vocabulary of doc/design.md §7.2 as CLI11 building blocks: a
// command adds a table flag here, with the old spellings it replaces, so
// every tool spells -o/--output, --watch and --after-seq alike and every
// old spelling behaves alike (hidden, parseable, one warning when used).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "common/output_mode.h"

namespace evt {

// The start of a deprecated alias's description (never shown: the alias
// is hidden); the walk behind `--evt-generate json` reads it back.
inline constexpr std::string_view kDeprecatedPrefix = "deprecated: use ";

// Adds `old_name` to `command` as a hidden flag that sets `target`, as
// `replacement` does, after printing "OLD is deprecated; use NEW" through
// PrintWarning. It stays for one release (doc/design.md §7.2).
CLI::Option* AddDeprecatedFlag(CLI::App& command, const std::string& old_name, const std::string& replacement,
                               bool& target);

// The same for an option with a value: `set` receives the value.
CLI::Option* AddDeprecatedOption(CLI::App& command, const std::string& old_name, const std::string& replacement,
                                 std::function<void(const std::string&)> set);

// The spelling that replaces `option`; empty unless it is a deprecated alias.
std::string DeprecatedReplacement(const CLI::Option& option);

// Adds -o/--output FORM (the form of stdout) with the names of `forms` as
// its choices, writing the name into `output`, and --format as its
// deprecated alias; both at once is a usage error. ChosenOutput
// (common/output_mode.h) resolves `output` together with --json.
CLI::Option* AddOutputOption(CLI::App& command, std::string& output, std::initializer_list<OutputFormat> forms,
                             const std::string& help);

// Adds --after-seq N (a sequence cursor, writing into `cursor`) and, for
// one release, --since N as its deprecated alias: exports whose cursor was
// spelled --since keep syncing with gates not yet upgraded. A --since that
// is not a whole number is a usage error saying so.
CLI::Option* AddAfterSeqOption(CLI::App& command, std::int64_t& cursor, const std::string& help);

}  // namespace evt
