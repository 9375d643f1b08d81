#include "common/cli_help_formatter.h"

#include <unistd.h>

#include <algorithm>

#include "common/join.h"
#include "common/cli_common_options.h"
#include "common/cli_value_syntax.h"
#include "common/output_mode.h"
#include "common/text_width.h"
#include "common/word_wrap.h"

namespace evt {
namespace {

constexpr int kNarrowestHelp = 40;
constexpr int kWidestHelp = 120;
// Below this the description goes under the option rather than beside it.
constexpr int kSideBySideWidth = 60;


// "-o, --output records|table"
std::string OptionSyntax(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_snames()) names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
  std::string text = Join(names, ", ");
  const std::string value = ValueSyntax(option);
  return value.empty() ? text : text + " " + value;
}

std::string PositionalSyntax(const CLI::Option& option) {
  std::string text = option.get_name(true, false);
  if (option.get_items_expected_max() > 1) text += "...";
  return text;
}

std::string NamesOf(const std::vector<CLI::Option*>& options) {
  std::vector<std::string> names;
  for (const CLI::Option* option : options) names.push_back(option->get_name(false, true));
  return Join(names, ", ");
}

// Whether a description already gives the range LimitsInWords found,
// as "0..1" or "0 to 1".
bool SaysLimits(std::string_view description, std::string_view limits) {
  const std::size_t to = limits.find(" to ");
  if (to == std::string_view::npos) return description.find(limits) != std::string_view::npos;
  const std::string dots = std::string(limits.substr(0, to)) + ".." + std::string(limits.substr(to + 4));
  return description.find(limits) != std::string_view::npos || description.find(dots) != std::string_view::npos;
}

// The description with what CLI11 would have shown as internals, in words.
std::string OptionDescription(const CLI::Option& option) {
  std::string text = option.get_description();
  std::vector<std::string> notes;
  if (std::string limits = LimitsInWords(option); !limits.empty() && !SaysLimits(text, limits)) {
    notes.push_back(limits);
  }
  if (option.get_required() && option.nonpositional()) notes.push_back("required");
  if (!option.get_default_str().empty()) notes.push_back("default: " + option.get_default_str());
  if (!option.get_envname().empty()) notes.push_back("also from $" + option.get_envname());
  if (!option.get_needs().empty()) notes.push_back("needs " + NamesOf({option.get_needs().begin(), option.get_needs().end()}));
  if (!option.get_excludes().empty()) {
    notes.push_back("not with " + NamesOf({option.get_excludes().begin(), option.get_excludes().end()}));
  }
  if (notes.empty()) return text;
  return text + (text.empty() ? "(" : " (") + Join(notes, "; ") + ")";
}

struct Item {
  std::string left;
  std::string right;
};

// `text` packed into lines of `width` at the boundaries between `pieces`,
// each line after the first indented by `hang` and ending in `tail` (" \"
// for a shell line) but the last.
std::string Pack(const std::vector<std::string>& pieces, std::string_view separator, int width, int indent, int hang,
                 std::string_view tail = "") {
  std::string out(static_cast<std::size_t>(indent), ' ');
  int used = indent;
  bool line_empty = true;
  const int tail_width = DisplayWidth(tail);
  for (const std::string& piece : pieces) {
    const int piece_width = DisplayWidth(piece);
    const int sep_width = line_empty ? 0 : DisplayWidth(separator);
    if (!line_empty && used + sep_width + piece_width + tail_width > width) {
      out += std::string(tail) + "\n" + std::string(static_cast<std::size_t>(hang), ' ');
      used = hang;
      line_empty = true;
    }
    if (!line_empty) out += separator;
    if (line_empty && used + piece_width > width) {
      // Too wide even alone (a long URL): cut it where the line ends.
      for (const std::string& part : WrapWords(piece, std::max(1, width - used))) {
        if (!line_empty) out += "\n" + std::string(static_cast<std::size_t>(hang), ' ');
        out += part;
        line_empty = false;
      }
      used = width;
      continue;
    }
    out += piece;
    used += (line_empty ? 0 : DisplayWidth(separator)) + piece_width;
    line_empty = false;
  }
  return out + "\n";
}

std::vector<std::string> SplitAtBlanks(std::string_view text) {
  std::vector<std::string> words;
  for (const std::string& word : WrapWords(text, 1 << 20)) {
    std::size_t start = 0;
    while (start < word.size()) {
      std::size_t end = word.find(' ', start);
      if (end == std::string::npos) end = word.size();
      if (end > start) words.push_back(word.substr(start, end - start));
      start = end + 1;
    }
  }
  return words;
}

// A shell line's words with their quotes, so a line break never falls
// inside a quoted argument.
std::vector<std::string> ShellTokens(std::string_view line) {
  std::vector<std::string> tokens;
  std::string token;
  char quote = 0;
  for (char c : line) {
    if (quote == 0 && c == ' ') {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
    token += c;
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

std::string RenderItems(std::string_view title, const std::vector<Item>& items, int width) {
  if (items.empty()) return "";
  std::string out = "\n" + std::string(title) + ":\n";
  int longest = 0;
  for (const Item& item : items) longest = std::max(longest, DisplayWidth(item.left));
  const bool side_by_side = width >= kSideBySideWidth;
  const int column = side_by_side ? std::min(2 + longest + 2, width * 2 / 5) : 6;
  for (const Item& item : items) {
    const int left_width = DisplayWidth(item.left);
    std::vector<std::string> lines = WrapWords(item.right, width - column);
    if (side_by_side && 2 + left_width + 2 <= column) {
      std::string first = "  " + item.left;
      if (!lines.empty()) first += std::string(static_cast<std::size_t>(column - 2 - left_width), ' ') + lines[0];
      out += first + "\n";
      lines.erase(lines.begin(), lines.begin() + (lines.empty() ? 0 : 1));
    } else {
      out += Pack(SplitAtBlanks(item.left), " ", width, 2, 4);
    }
    for (const std::string& line : lines) out += std::string(static_cast<std::size_t>(column), ' ') + line + "\n";
  }
  return out;
}

bool IsVisibleCommand(const CLI::App& sub) {
  return !sub.get_name().empty() && !sub.get_group().empty() && !sub.get_disabled();
}

bool IsOptionGroup(const CLI::App& sub) { return sub.get_name().empty() && !sub.get_group().empty(); }

std::vector<const CLI::App*> Children(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// What CLI11 appends to a description as "[Exactly 1 of the following
// options is required]", in words.
std::string RequiredOptionsInWords(const CLI::App& app) {
  const std::size_t low = app.get_require_option_min();
  const std::size_t high = app.get_require_option_max();
  if (low == 0 && high == 0) return "";
  if (low == high) return low == 1 ? "Give exactly one of these." : "Give exactly " + std::to_string(low) + " of these.";
  if (high == 0) return "Give at least " + std::to_string(low) + " of these.";
  if (low == 0) return "Give at most " + std::to_string(high) + " of these.";
  return "Give " + std::to_string(low) + " to " + std::to_string(high) + " of these.";
}

const CLI::App& RootOf(const CLI::App& app) {
  const CLI::App* at = &app;
  while (at->get_parent() != nullptr) at = at->get_parent();
  return *at;
}

std::vector<Item> OptionItems(const CLI::App& app, std::string_view group, bool is_root) {
  std::vector<Item> items;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group() != group || !option->nonpositional()) continue;
    if (!is_root && option == app.get_help_ptr()) continue;  // in the common options' footer
    items.push_back({OptionSyntax(*option), OptionDescription(*option)});
  }
  return items;
}

std::string Usage(const CLI::App& app, const std::string& name, int width) {
  std::vector<std::string> words{"Usage:"};
  for (const std::string& word : SplitAtBlanks(name)) words.push_back(word);
  words.push_back("[OPTIONS]");
  for (const CLI::Option* option : app.get_options()) {
    if (!option->get_positional() || option->get_group().empty()) continue;
    const std::string syntax = PositionalSyntax(*option);
    words.push_back(option->get_required() ? syntax : "[" + syntax + "]");
  }
  const auto commands = app.get_subcommands([](const CLI::App* sub) { return IsVisibleCommand(*sub); });
  if (!commands.empty()) words.push_back(app.get_require_subcommand_min() > 0 ? "COMMAND" : "[COMMAND]");
  return Pack(words, " ", width, 0, 4);
}

std::string Positionals(const CLI::App& app, int width) {
  std::vector<Item> items;
  for (const CLI::Option* option : app.get_options()) {
    if (!option->get_positional() || option->get_group().empty()) continue;
    items.push_back({PositionalSyntax(*option), OptionDescription(*option)});
  }
  return RenderItems("Arguments", items, width);
}

// The tool's own help ends with the common options in full, after its
// commands: they are what a person looks up least.
std::string CommonOptionsInFull(const CLI::App& app, int width) {
  const std::string common(kCommonOptionsGroup);
  return RenderItems(common, OptionItems(app, common, true), width);
}

std::string OptionSections(const CLI::App& app, bool is_root, int width) {
  std::string out;
  const std::string common(kCommonOptionsGroup);
  for (const std::string& group : app.get_groups()) {
    if (group.empty() || group == common) continue;
    out += RenderItems(group, OptionItems(app, group, is_root), width);
  }
  for (const CLI::App* sub : Children(app)) {
    if (!IsOptionGroup(*sub)) continue;
    std::vector<Item> items;
    for (const std::string& group : sub->get_groups()) {
      if (group.empty()) continue;
      std::vector<Item> in_group = OptionItems(*sub, group, true);
      items.insert(items.end(), in_group.begin(), in_group.end());
    }
    std::string section = RenderItems(sub->get_group(), items, width);
    const std::string words = RequiredOptionsInWords(*sub);
    if (!section.empty() && !words.empty()) section += WrapIndented(words, width, 2);
    out += section;
  }
  return out;
}

std::string Commands(const CLI::App& app, int width) {
  std::vector<Item> items;
  for (const CLI::App* sub : Children(app)) {
    if (!IsVisibleCommand(*sub)) continue;
    std::vector<std::string> names{sub->get_name()};
    for (const std::string& alias : sub->get_aliases()) names.push_back(alias);
    items.push_back({Join(names, ", "), sub->get_description()});
  }
  return RenderItems("Commands", items, width);
}

// On a subcommand's help the common options are named, not described:
// they read the same everywhere, and the tool's own --help has them.
std::string CommonOptionsFooter(const CLI::App& app, int width) {
  const CLI::App& root = RootOf(app);
  std::vector<std::string> names;
  for (const CLI::Option* option : root.get_options()) {
    if (IsCommonOption(*option)) names.push_back(OptionSyntax(*option));
  }
  if (names.empty()) return "";
  return "\n" + WrapIndented("Common options (see '" + root.get_name() + " --help'):", width, 0) +
         Pack(names, "  ", width, 2, 2);
}

std::string Examples(const CLI::App& app, const HelpExampleTable& table, int width) {
  const std::vector<HelpExample>& examples = ExamplesAt(table, CommandPathOf(app));
  if (examples.empty()) return "";
  std::string out = "\nExamples:\n";
  for (const HelpExample& example : examples) {
    out += Pack(ShellTokens(example.command), " ", width, 2, 6, " \\");
    out += WrapIndented(example.what, width, 6);
  }
  return out;
}

std::string Description(const CLI::App& app, int width) {
  std::string text = app.get_description();
  if (const std::string words = RequiredOptionsInWords(app); !words.empty()) text += "\n" + words;
  if (text.empty()) return "";
  return WrapIndented(text, width, 0) + "\n";
}

void InstallOn(CLI::App& app, const std::shared_ptr<HelpFormatter>& formatter) {
  app.formatter(formatter);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) InstallOn(*sub, formatter);
}

}  // namespace

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode /*mode*/) const {
  const int width = Width();
  const bool is_root = app->get_parent() == nullptr;
  std::string out = Description(*app, width);
  out += Usage(*app, name, width);
  out += Positionals(*app, width);
  out += OptionSections(*app, is_root, width);
  out += Commands(*app, width);
  out += is_root ? CommonOptionsInFull(*app, width) : CommonOptionsFooter(*app, width);
  out += Examples(*app, examples_, width);
  if (!app->get_footer().empty()) out += "\n" + WrapIndented(app->get_footer(), width, 0);
  return out;
}

int HelpFormatter::Width() const { return width_ > 0 ? width_ : HelpWidth(); }

void InstallHelpFormatter(CLI::App& app) {
  std::shared_ptr<HelpFormatter> existing = std::dynamic_pointer_cast<HelpFormatter>(app.get_formatter());
  InstallOn(app, existing ? existing : std::make_shared<HelpFormatter>());
}

void SetHelpExamples(CLI::App& app, HelpExampleTable examples) {
  for (CommandExamples& shared : SharedCommandExamples(app)) {
    if (ExamplesAt(examples, shared.path).empty()) examples.push_back(std::move(shared));
  }
  InstallOn(app, std::make_shared<HelpFormatter>(std::move(examples)));
}

const HelpExampleTable& HelpExamplesOf(const CLI::App& app) {
  static const HelpExampleTable kNone;
  auto formatter = std::dynamic_pointer_cast<const HelpFormatter>(app.get_formatter());
  return formatter ? formatter->examples() : kNone;
}

int HelpWidth() { return std::clamp(TerminalWidth(STDOUT_FILENO), kNarrowestHelp, kWidestHelp); }


}  // namespace evt
