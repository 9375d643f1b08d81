// RenderManPage from common/cli_docs.h: the generated sections from the
// walk of the app, the hand-written ones from man/src/evt-NAME.1.roff.
#include <CLI/App.hpp>

#include <algorithm>
#include <cctype>

#include "common/cli_docs.h"
#include "common/cli_help_formatter.h"
#include "common/cli_value_syntax.h"
#include "common/help_examples.h"
#include "common/join.h"
#include "common/cli_walk.h"
#include "common/exit_code.h"
#include "common/man_page_roff.h"
#include "common/man_page_source.h"

namespace evt {
namespace {

constexpr std::string_view kTools[] = {"evt-probe",  "evt-failover", "evt-price",   "evt-token",
                                       "evt-scrape", "evt-budget",   "evt-runbook", "evt-load",
                                       "evt-detect", "evt-outbox"};

struct EnvVar {
  std::string_view name;
  std::string_view meaning;
};

constexpr EnvVar kEnvironment[] = {
    {"EVT_CONFIG", "The config file when --config is not given."},
    {"EVT_STATE_DIR", "The state directory when --state-dir is not given."},
    {"XDG_CONFIG_HOME", "Without --config and EVT_CONFIG, the config file is $XDG_CONFIG_HOME/evt/event.json."},
    {"XDG_STATE_HOME",
     "Without --state-dir, EVT_STATE_DIR and the config's site.state_dir, the state is kept in $XDG_STATE_HOME/evt."},
    {"NO_COLOR", "When set and not empty, tables on a terminal are printed without colour."},
    {"TERM", "When unset or \"dumb\", tables are printed without colour."},
};

// The sections the generator places itself; any other hand-written section
// follows FILES.
constexpr std::string_view kPlaced[] = {"DESCRIPTION", "EXIT STATUS", "FILES", "EXAMPLES", "SEE ALSO"};

std::string Heading(std::string_view title) {
  return title.find(' ') == std::string_view::npos ? ".SH " + std::string(title) + "\n"
                                                   : ".SH \"" + std::string(title) + "\"\n";
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "\fB\-k\fR, \fB\-\-key\fR"
std::string OptionNames(const CliOption& opt) {
  std::vector<std::string> names;
  for (const std::string& s : opt.short_names) names.push_back(RoffBold(RoffName("-" + s)));
  for (const std::string& l : opt.long_names) names.push_back(RoffBold(RoffName("--" + l)));
  return Join(names, ", ");
}

// "\fBfail\fR|\fBskip\fR" or "\fIN\fR": the value as --help shows it,
// without CLI11's type names (cli_help_formatter.h).
std::string RoffValue(const std::vector<std::string>& choices, std::string_view value_name) {
  if (choices.empty()) return RoffItalic(RoffEscape(PlaceholderName(value_name), true));
  std::vector<std::string> bold;
  for (const std::string& c : choices) bold.push_back(RoffBold(RoffName(c)));
  return Join(bold, "|");
}

// "[\fB\-\-alg\fR \fBHS256\fR|\fBEdDSA\fR]..." for the synopsis.
std::string SynopsisOption(const CliOption& opt) {
  std::string text = RoffBold(RoffName(opt.long_names.empty() ? "-" + opt.short_names.front()
                                                                 : "--" + opt.long_names.front()));
  if (!opt.value_name.empty()) text += " " + RoffValue(opt.choices, opt.value_name);
  if (!opt.required) text = "[" + text + "]";
  return opt.repeatable ? text + "..." : text;
}

std::string SynopsisPositional(const CliPositional& pos) {
  std::string text = RoffItalic(RoffName(pos.name));
  if (pos.many) text += "...";
  return pos.required ? text : "[" + text + "]";
}

// The options of the root are the common ones, listed once under OPTIONS;
// CLI11 gives each subcommand its own copy of --help.
bool IsRootOption(const CliOption& opt, const CliCommand& root) {
  return std::any_of(root.options.begin(), root.options.end(), [&](const CliOption& r) {
    return r.long_names == opt.long_names && r.short_names == opt.short_names;
  });
}

std::vector<const CliOption*> OwnOptions(const CliChain& chain) {
  std::vector<const CliOption*> own;
  for (const CliOption& opt : chain.back()->options) {
    if (chain.size() == 1 || !IsRootOption(opt, *chain.front())) own.push_back(&opt);
  }
  return own;
}

std::string CommandLine(const CliChain& chain) {
  std::vector<std::string> words{chain.front()->name};
  for (const std::string& word : CommandPath(chain)) words.push_back(word);
  return RoffName(Join(words, " "));
}

std::string Synopsis(const CliCommand& root) {
  std::string out = Heading("SYNOPSIS");
  ForEachCommand(root, [&](const CliChain& chain) {
    const CliCommand& command = *chain.back();
    out += ".SY \"" + CommandLine(chain) + "\"\n";
    for (const CliOption* opt : OwnOptions(chain)) out += SynopsisOption(*opt) + "\n";
    for (const CliPositional& pos : command.positionals) out += SynopsisPositional(pos) + "\n";
    if (!command.subcommands.empty()) {
      out += command.subcommand_required ? RoffItalic("command") + "\n" : "[" + RoffItalic("command") + "]\n";
    }
    out += ".YS\n";
  });
  return out;
}

// A line after a description, which may not end in a full stop.
std::string Note(std::string_view escaped) { return ".br\n" + std::string(escaped) + "\n"; }

std::string ChoicesNote(const std::vector<std::string>& choices) {
  std::vector<std::string> bold;
  for (const std::string& c : choices) bold.push_back(RoffBold(RoffName(c)));
  return Note("One of " + Join(bold, ", ") + ".");
}

std::string OptionDetails(const CliOption& opt) {
  std::string out = RoffParagraph(opt.description);
  if (!opt.choices.empty()) out += ChoicesNote(opt.choices);
  if (opt.required) out += Note("Required.");
  if (!opt.default_value.empty()) out += Note("Default: " + RoffBold(RoffEscape(opt.default_value, true)) + ".");
  if (!opt.env.empty()) out += Note("Also read from " + RoffBold(RoffName(opt.env)) + ".");
  return out;
}

std::string OptionItem(const CliOption& opt) {
  std::string tag = OptionNames(opt);
  if (!opt.value_name.empty()) tag += " " + RoffValue(opt.choices, opt.value_name);
  return ".TP\n" + tag + "\n" + OptionDetails(opt);
}

std::string PositionalItem(const CliPositional& pos) {
  std::string out = ".TP\n" + RoffItalic(RoffName(pos.name)) + "\n" + RoffParagraph(pos.description);
  if (!pos.choices.empty()) out += ChoicesNote(pos.choices);
  return out;
}

std::string Items(const CliCommand& command, const std::vector<const CliOption*>& options) {
  std::string out;
  for (const CliPositional& pos : command.positionals) out += PositionalItem(pos);
  for (const CliOption* opt : options) out += OptionItem(*opt);
  return out;
}

std::string Commands(const CliCommand& root) {
  if (root.subcommands.empty()) return "";
  std::string out = Heading("COMMANDS");
  ForEachCommand(root, [&](const CliChain& chain) {
    if (chain.size() == 1) return;
    const CliCommand& command = *chain.back();
    out += ".SS \"" + CommandLine(chain) + "\"\n";
    out += RoffParagraph(command.description);
    if (!command.aliases.empty()) out += Note("Alias: " + RoffBold(RoffName(Join(command.aliases, ", "))) + ".");
    out += Items(command, OwnOptions(chain));
  });
  return out;
}

std::string Options(const CliCommand& root) {
  std::vector<const CliOption*> options;
  for (const CliOption& opt : root.options) options.push_back(&opt);
  const std::string items = Items(root, options);
  return items.empty() ? "" : Heading("OPTIONS") + items;
}

std::string ExitStatus(const ManSource& source) {
  std::string out = Heading("EXIT STATUS");
  if (const ManSection* s = FindManSection(source, "EXIT STATUS")) out += s->body + ".PP\n";
  out += "Every evt tool exits with these codes:\n";
  for (const ExitCodeInfo& info : kExitCodes) {
    out += ".TP\n.B " + std::to_string(ToInt(info.code)) + "\n" + RoffParagraph(info.meaning);
  }
  return out;
}

std::string Environment() {
  std::string out = Heading("ENVIRONMENT");
  for (const EnvVar& var : kEnvironment) {
    out += ".TP\n.B " + RoffName(var.name) + "\n" + RoffParagraph(var.meaning);
  }
  return out;
}

std::string SeeAlso(std::string_view self, const ManSource& source) {
  const ManSection* handwritten = FindManSection(source, "SEE ALSO");
  std::vector<std::string> refs{".BR evt (7)"};
  for (std::string_view tool : kTools) {
    if (tool != self) refs.push_back(".BR " + RoffName(tool) + " (1)");
  }
  std::string out = Heading("SEE ALSO");
  for (std::size_t i = 0; i < refs.size(); ++i) {
    out += refs[i] + (i + 1 < refs.size() || handwritten ? ",\n" : "\n");
  }
  return handwritten ? out + handwritten->body : out;
}

std::string Handwritten(const ManSource& source, std::string_view title) {
  const ManSection* s = FindManSection(source, title);
  return s ? Heading(title) + s->body : "";
}

// Each command's examples from the tool's table (common/help_examples.h),
// the same --help shows, after the hand-written prose.
std::string ExamplesOfEachCommand(const CliCommand& root, const HelpExampleTable& table) {
  std::string out;
  ForEachCommand(root, [&](const CliChain& chain) {
    std::vector<std::string> path = CommandPath(chain);
    const std::vector<HelpExample>& examples = ExamplesAt(table, Join(path, " "));
    if (examples.empty()) return;
    out += ".SS \"" + CommandLine(chain) + "\"\n";
    for (const HelpExample& example : examples) {
      out += ".TP\n" + RoffTextLine(RoffBold(RoffEscape(example.command, true))) + "\n" +
             RoffParagraph(example.what);
    }
  });
  return out;
}

std::string Examples(const CliCommand& root, const ManSource& source, const HelpExampleTable& table) {
  std::string out = Handwritten(source, "EXAMPLES");
  const std::string generated = ExamplesOfEachCommand(root, table);
  if (generated.empty()) return out;
  return (out.empty() ? Heading("EXAMPLES") : out) + generated;
}

std::string OtherHandwritten(const ManSource& source) {
  std::string out;
  for (const ManSection& s : source.sections) {
    if (std::find(std::begin(kPlaced), std::end(kPlaced), s.title) == std::end(kPlaced)) {
      out += Heading(s.title) + s.body;
    }
  }
  return out;
}

std::string Header(const ManPageInfo& info) {
  const std::string source = info.version.empty() ? "evt" : "evt " + info.version;
  return ".\\\" Generated by " + info.name + " --evt-generate man from man/src/" + info.name +
         ".1.roff; do not edit.\n" + ".TH \"" + RoffName(Upper(info.name)) + "\" 1 \"\" \"" +
         RoffEscape(source, true) + "\" \"evt manual\"\n" +
         // Hyphenation would break option names and paths.
         ".nh\n" + Heading("NAME") + RoffName(info.name) + " \\- " +
         RoffEscape(info.summary) + "\n";
}

std::string Description(const CliCommand& root, const ManSource& source) {
  if (FindManSection(source, "DESCRIPTION")) return Handwritten(source, "DESCRIPTION");
  return Heading("DESCRIPTION") + RoffParagraph(root.description);
}

}  // namespace

std::string RenderManPage(const CLI::App& app, const ManPageInfo& info) {
  const CliCommand root = WalkCli(app);
  const ManSource source = ParseManSource(info.handwritten);
  return Header(info) + Synopsis(root) + Description(root, source) + Commands(root) + Options(root) +
         ExitStatus(source) + Environment() + Handwritten(source, "FILES") + OtherHandwritten(source) +
         Examples(root, source, HelpExamplesOf(app)) + SeeAlso(info.name, source);
}

}  // namespace evt
