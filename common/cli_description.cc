#include "common/cli_description.h"

#include <functional>
#include <vector>

#include <CLI/App.hpp>

#include "common/cli_vocabulary.h"
#include "common/cli_walk.h"
#include "common/command_access.h"
#include "common/json_writer.h"
#include "common/value.h"

namespace evt {
namespace {

Value Strings(const std::vector<std::string>& items) {
  Value out = Value::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

Value NamesOf(const CliOption& option) {
  Value names = Value::array();
  for (const std::string& name : option.short_names) names.push_back("-" + name);
  for (const std::string& name : option.long_names) names.push_back("--" + name);
  return names;
}

// --evt-read-only and the like are marks for the generators, not options.
bool IsInternalMark(const CLI::Option& option) {
  for (const std::string& name : option.get_lnames()) {
    if (name.starts_with("evt-")) return true;
  }
  return false;
}

Value OptionEntry(const CLI::Option& option) {
  const CliOption walked = WalkOption(option);
  const std::string replacement = DeprecatedReplacement(option);
  return Value::object({{"names", NamesOf(walked)},
                        {"takes_value", walked.kind != ValueKind::kNone},
                        {"type", walked.value_name},
                        {"choices", Strings(walked.choices)},
                        {"group", option.get_group()},
                        {"hidden", option.get_group().empty()},
                        {"deprecated", !replacement.empty()},
                        {"replacement", replacement}});
}

Value PositionalEntry(const CLI::Option& option) {
  const CliPositional walked = WalkPositional(option);
  return Value::object({{"name", walked.name},
                        {"type", walked.value_name},
                        {"choices", Strings(walked.choices)},
                        {"required", walked.required}});
}

bool IsOptionGroup(const CLI::App& sub) { return sub.get_name().empty(); }

std::vector<const CLI::App*> SubcommandsOf(const CLI::App& app) {
  return app.get_subcommands(std::function<bool(const CLI::App*)>());
}

void AddOptionsOf(const CLI::App& app, Value& options, Value& positionals) {
  for (const CLI::Option* option : app.get_options()) {
    if (IsInternalMark(*option)) continue;
    if (option->nonpositional()) options.push_back(OptionEntry(*option));
    if (option->get_positional()) positionals.push_back(PositionalEntry(*option));
  }
  for (const CLI::App* sub : SubcommandsOf(app)) {
    if (IsOptionGroup(*sub)) AddOptionsOf(*sub, options, positionals);
  }
}

void Describe(const CLI::App& app, std::vector<std::string>& path, Value& commands) {
  Value options = Value::array();
  Value positionals = Value::array();
  AddOptionsOf(app, options, positionals);
  const bool is_root = app.get_parent() == nullptr;
  commands.push_back(Value::object({{"path", Strings(path)},
                                    {"aliases", Strings(app.get_aliases())},
                                    {"hidden", !is_root && app.get_group().empty()},
                                    {"read_only", IsMarkedReadOnly(app)},
                                    {"inherits_parent_options", !is_root && app.get_fallthrough()},
                                    {"options", std::move(options)},
                                    {"positionals", std::move(positionals)}}));
  for (const CLI::App* sub : SubcommandsOf(app)) {
    if (IsOptionGroup(*sub)) continue;
    path.push_back(sub->get_name());
    Describe(*sub, path, commands);
    path.pop_back();
  }
}

}  // namespace

std::string RenderCliDescription(const CLI::App& app) {
  Value commands = Value::array();
  std::vector<std::string> path;
  Describe(app, path, commands);
  Result<std::string> json = ToJson(Value::object({{"tool", app.get_name()}, {"commands", std::move(commands)}}));
  // Names, types and descriptions are the tool's own literals: valid UTF-8.
  return json.ok() ? *json + "\n" : std::string();
}

}  // namespace evt
