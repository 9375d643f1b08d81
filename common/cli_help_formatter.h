// --help for every evt tool (doc/design.md §7.3): wrapped to the terminal,
// the common options once in full on the tool's own help and named in one
// footer line on each subcommand's, examples at the end, and none of
// CLI11's internals ("N:INT in [1 - 1000000000]", "TEXT:{fail,skip}",
// "[Option Group: ...]", "REQUIRED"): a value is shown by its name or its
// choices ("N", "fail|skip") and the rest is said in words.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "common/cli_value_syntax.h"
#include "common/help_examples.h"

namespace evt {

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(HelpExampleTable examples = {}) : examples_(std::move(examples)) {}

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;

  const HelpExampleTable& examples() const { return examples_; }

  // The width to wrap to; 0 (the default) asks HelpWidth() at each --help.
  void set_width(int columns) { width_ = columns; }

 private:
  int Width() const;

  HelpExampleTable examples_;
  int width_ = 0;
};

// Gives `app` and every subcommand below it one HelpFormatter: the one
// already on `app` (its examples and width), else a new one. RunMain calls
// it, so every tool's help reads the same, examples or not, and so do the
// subcommands added after SetHelpExamples.
void InstallHelpFormatter(CLI::App& app);

// Installs a HelpFormatter holding `examples` and SharedCommandExamples(app)
// for the commands every tool shares. A tool's main() calls it with its
// table (tools/NAME/help_examples.cc) after BuildCli.
void SetHelpExamples(CLI::App& app, HelpExampleTable examples);

// The examples of the HelpFormatter on `app`; empty when it has none.
const HelpExampleTable& HelpExamplesOf(const CLI::App& app);

// The columns help wraps to: the terminal's width on stdout ($COLUMNS
// first; a pipe gets 100, common/output_mode.h), kept between 40 and 120
// because longer lines are hard to read.
int HelpWidth();

}  // namespace evt
