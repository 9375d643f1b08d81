#include "common/cli_walk.h"

#include <CLI/App.hpp>

#include "common/command_access.h"

#include <cctype>
#include <string_view>

namespace evt {
namespace {

std::string_view Trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = s.find(separator, start)) != std::string_view::npos; start = end + 1) {
    parts.push_back(s.substr(start, end - start));
  }
  parts.push_back(s.substr(start));
  return parts;
}

// CLI11 joins the type name and each validator's description with ':', e.g.
// "TEXT:{HS256,EdDSA}" or "TEXT:value in {a->1,b->2} OR {1,2}".
struct TypeDescription {
  std::string value_name;
  std::vector<std::string> validators;
};

TypeDescription ParseTypeName(std::string_view full) {
  std::vector<std::string_view> parts = Split(full, ':');
  TypeDescription type{std::string(Trim(parts.front())), {}};
  for (std::size_t i = 1; i < parts.size(); ++i) type.validators.emplace_back(Trim(parts[i]));
  return type;
}

// The keys of the first "{...}" set in a validator description: IsMember
// writes "{a,b}", Transformer "{a->1,b->2}".
std::vector<std::string> ChoicesIn(std::string_view description) {
  const std::size_t open = description.find('{');
  const std::size_t close = description.find('}', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return {};
  std::vector<std::string> choices;
  for (std::string_view item : Split(description.substr(open + 1, close - open - 1), ',')) {
    item = Trim(item.substr(0, item.find("->")));
    if (!item.empty()) choices.emplace_back(item);
  }
  return choices;
}

// CLI11 calls every string "TEXT"; a validator may say more.
std::string ValueName(const TypeDescription& type, ValueKind kind) {
  if (type.value_name.empty() || type.value_name == "TEXT") {
    if (kind == ValueKind::kFile) return "FILE";
    if (kind == ValueKind::kDir) return "DIR";
  }
  return type.value_name.empty() ? "VALUE" : type.value_name;
}

ValueKind KindOf(const TypeDescription& type) {
  std::vector<std::string> words = type.validators;
  words.push_back(type.value_name);
  for (std::string_view word : words) {
    if (word == "DIR") return ValueKind::kDir;
    if (word == "FILE" || word.starts_with("PATH")) return ValueKind::kFile;
  }
  return ValueKind::kText;
}

std::vector<std::string> ChoicesOf(const TypeDescription& type) {
  for (const std::string& validator : type.validators) {
    std::vector<std::string> choices = ChoicesIn(validator);
    if (!choices.empty()) return choices;
  }
  return {};
}

bool IsFlag(const CLI::Option& opt) { return opt.get_items_expected_max() == 0; }

bool TakesMany(const CLI::Option& opt) {
  return opt.get_items_expected_max() > 1 || opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ||
         opt.get_multi_option_policy() == CLI::MultiOptionPolicy::Join;
}

}  // namespace

CliOption WalkOption(const CLI::Option& opt) {
  CliOption out;
  out.short_names = opt.get_snames();
  out.long_names = opt.get_lnames();
  out.description = opt.get_description();
  out.default_value = opt.get_default_str();
  out.env = opt.get_envname();
  out.required = opt.get_required();
  out.repeatable = TakesMany(opt);
  if (IsFlag(opt)) return out;
  const TypeDescription type = ParseTypeName(opt.get_type_name());
  out.kind = KindOf(type);
  out.value_name = ValueName(type, out.kind);
  out.choices = ChoicesOf(type);
  return out;
}

CliPositional WalkPositional(const CLI::Option& opt) {
  const TypeDescription type = ParseTypeName(opt.get_type_name());
  CliPositional out;
  out.name = opt.get_name(true);
  out.kind = KindOf(type);
  out.value_name = ValueName(type, out.kind);
  out.choices = ChoicesOf(type);
  out.description = opt.get_description();
  out.required = opt.get_required();
  out.many = opt.get_items_expected_max() > 1;
  return out;
}

namespace {

bool IsHidden(const CLI::Option& opt) { return opt.get_group().empty(); }

void AddOptionsOf(const CLI::App& app, CliCommand* command) {
  for (const CLI::Option* opt : app.get_options()) {
    if (IsHidden(*opt)) continue;
    if (opt->nonpositional()) command->options.push_back(WalkOption(*opt));
    if (opt->get_positional()) command->positionals.push_back(WalkPositional(*opt));
  }
}

// Nameless subcommands are CLI11 option groups: their options belong to the
// command that holds them.
void AddOptionGroups(const CLI::App& app, CliCommand* command) {
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>())) {
    if (!sub->get_name().empty() || sub->get_group().empty()) continue;
    AddOptionsOf(*sub, command);
    AddOptionGroups(*sub, command);
  }
}

bool IsVisibleSubcommand(const CLI::App& sub) {
  return !sub.get_name().empty() && !sub.get_group().empty() && !sub.get_disabled();
}

}  // namespace

CliCommand WalkCli(const CLI::App& app) {
  CliCommand command;
  command.name = app.get_name();
  command.aliases = app.get_aliases();
  command.description = app.get_description();
  command.subcommand_required = app.get_require_subcommand_min() > 0;
  command.inherits_parent_options = app.get_parent() != nullptr && app.get_fallthrough();
  command.read_only = IsMarkedReadOnly(app);
  AddOptionsOf(app, &command);
  AddOptionGroups(app, &command);
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>())) {
    if (IsVisibleSubcommand(*sub)) command.subcommands.push_back(WalkCli(*sub));
  }
  return command;
}

void ForEachCommand(const CliCommand& root, const std::function<void(const CliChain&)>& visit) {
  CliChain chain;
  std::function<void(const CliCommand&)> descend = [&](const CliCommand& command) {
    chain.push_back(&command);
    visit(chain);
    for (const CliCommand& sub : command.subcommands) descend(sub);
    chain.pop_back();
  };
  descend(root);
}

std::vector<std::string> CommandPath(const CliChain& chain) {
  std::vector<std::string> path;
  for (std::size_t i = 1; i < chain.size(); ++i) path.push_back(chain[i]->name);
  return path;
}

namespace {

bool Offers(const std::vector<const CliOption*>& options, const CliOption& candidate) {
  for (const CliOption* opt : options) {
    if (opt->long_names == candidate.long_names && opt->short_names == candidate.short_names) return true;
  }
  return false;
}

}  // namespace

std::vector<const CliOption*> OptionsAt(const CliChain& chain) {
  std::vector<const CliOption*> options;
  for (std::size_t i = chain.size(); i-- > 0;) {
    for (const CliOption& opt : chain[i]->options) {
      if (!Offers(options, opt)) options.push_back(&opt);
    }
    if (!chain[i]->inherits_parent_options) break;
  }
  return options;
}

std::string ShellIdentifier(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

std::vector<std::string> NamesOf(const CliCommand& command) {
  std::vector<std::string> names{command.name};
  names.insert(names.end(), command.aliases.begin(), command.aliases.end());
  return names;
}

}  // namespace evt
