// The flag vocabulary of doc/design.md §7.2 as CLI11 building blocks: a
// command adds a table flag here, with the old spellings it replaces, so
// every tool spells -o/--output, --watch and --after-seq alike and every
// old spelling behaves alike (hidden, parseable, one warning when used).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
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

// The forms of stdout -o/--output offers: OutputFormat's three, and a table.
enum class OutputForm { kRecords, kTable, kPrometheus, kOpenMetrics };

// Adds -o/--output FORM (the form of stdout) with the names of `forms` as
// its choices ("records", "table", "prometheus", "openmetrics"), writing the
// name into `output`, and --format as its deprecated alias; both at once
// is a usage error. ResolveOutput reads `output` together with --json.
CLI::Option* AddOutputOption(CLI::App& command, std::string& output, std::initializer_list<OutputForm> forms,
                             const std::string& help);

// What -o/--output (or --format) and --json chose, resolved once.
struct ChosenOutput {
  std::optional<OutputFormat> metrics;  // -o prometheus|openmetrics: that text instead of records or a table
  std::optional<bool> records;          // --json or -o records: true; -o table: false; neither: unset
};

// `output` is what -o said, empty when it was not given; --json is
// `-o records`, so --json with another form is a usage error.
Result<ChosenOutput> ResolveOutput(const CommonOptions& options, std::string_view output);

// Records rather than a table: as -o or --json chose, else as WantRecords
// (common/output_mode.h) decides by the terminal.
// REQUIRES: ResolveOutput(options, output) is ok.
bool WantRecords(const CommonOptions& options, std::string_view output);

// Adds --after-seq N (a sequence cursor, writing into `cursor`) and, for
// one release, --since N as its deprecated alias: exports whose cursor was
// spelled --since keep syncing with gates not yet upgraded. A --since that
// is not a whole number is a usage error saying so.
CLI::Option* AddAfterSeqOption(CLI::App& command, std::int64_t& cursor, const std::string& help);

}  // namespace evt
