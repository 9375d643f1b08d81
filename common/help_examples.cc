#include "common/help_examples.h"

#include <CLI/App.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace evt {
namespace {

// A word of a shell line, and whether it is an operator (|, <, >, ...)
// rather than text a program receives.
struct ShellWord {
  std::string text;
  bool is_operator = false;
};

bool IsOperatorChar(char c) { return c == '|' || c == '<' || c == '>' || c == '&' || c == ';'; }

// Just enough of sh(1) for example lines: blanks split words, quotes group
// them, and a run of |<>&; is an operator (a "2>" keeps its digit).
std::vector<ShellWord> SplitShellWords(std::string_view line) {
  std::vector<ShellWord> words;
  ShellWord word;
  bool in_word = false;
  auto finish = [&] {
    if (in_word) words.push_back(word);
    word = {};
    in_word = false;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      finish();
    } else if (c == '\'' || c == '"') {
      const std::size_t close = line.find(c, i + 1);
      const std::size_t end = close == std::string_view::npos ? line.size() : close;
      word.text.append(line.substr(i + 1, end - i - 1));
      in_word = true;
      i = end;
    } else if (IsOperatorChar(c)) {
      const bool fd_number = in_word && word.text.size() == 1 && std::isdigit(static_cast<unsigned char>(word.text[0]));
      if (!fd_number) finish();
      word.is_operator = true;
      word.text.push_back(c);
      in_word = true;
      while (i + 1 < line.size() && IsOperatorChar(line[i + 1])) word.text.push_back(line[++i]);
      finish();
    } else {
      word.text.push_back(c);
      in_word = true;
    }
  }
  finish();
  return words;
}

// "TZ=UTC" before a program's name.
bool IsAssignment(std::string_view word) {
  const std::size_t equals = word.find('=');
  if (equals == std::string_view::npos || equals == 0) return false;
  return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string CommandLineOf(const CLI::App& app, std::string_view path) {
  return path.empty() ? app.get_name() : app.get_name() + " " + std::string(path);
}

bool IsRedirection(const ShellWord& word) {
  return word.is_operator && word.text.find_first_of("<>") != std::string::npos;
}

// The words a parsed app chose: "keys rotate".
std::string ChosenPath(const CLI::App& app) {
  std::string path;
  for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
    at = at->get_subcommands().front();
    if (at->get_name().empty()) break;
    path += path.empty() ? at->get_name() : " " + at->get_name();
  }
  return path;
}

std::string ParseOne(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());
  try {
    app.parse(std::move(args));
    return "";
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
}

const CLI::App* FindCommand(const CLI::App& root, std::string_view path) {
  const CLI::App* at = &root;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find(' ', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view name = path.substr(start, end - start);
    const std::vector<const CLI::App*> named =
        at->get_subcommands([name](const CLI::App* sub) { return sub->get_name() == name; });
    if (named.empty()) return nullptr;
    at = named.front();
    start = end + 1;
  }
  return at;
}

void AddIfPresent(const CLI::App& app, HelpExampleTable& table, CommandExamples examples) {
  if (FindCommand(app, examples.path) != nullptr) table.push_back(std::move(examples));
}

}  // namespace

std::string CommandPathOf(const CLI::App& app) {
  std::string path;
  for (const CLI::App* at = &app; at->get_parent() != nullptr; at = at->get_parent()) {
    if (at->get_name().empty()) continue;  // an option group
    path = path.empty() ? at->get_name() : at->get_name() + " " + path;
  }
  return path;
}

const std::vector<HelpExample>& ExamplesAt(const HelpExampleTable& table, std::string_view path) {
  static const std::vector<HelpExample> kNone;
  for (const CommandExamples& command : table) {
    if (command.path == path) return command.examples;
  }
  return kNone;
}

HelpExampleTable SharedCommandExamples(const CLI::App& app) {
  const std::string tool = app.get_name();
  HelpExampleTable table;
  AddIfPresent(app, table,
               {"config check",
                {{tool + " config check", "check the config found the usual way ($EVT_CONFIG, else the XDG path)"},
                 {tool + " config check --config /etc/evt/event.json", "check a config before installing it"}}});
  AddIfPresent(app, table,
               {"state where",
                {{tool + " state where", "say which state directory this shell uses and which daemons use it"},
                 {tool + " state where --state-dir /var/lib/evt", "check a daemon's state directory"}}});
  AddIfPresent(app, table,
               {"state hold",
                {{tool + " state hold --for 30m --reason 'swapping the uplink router'",
                  "hold every loop that acts on its own for half an hour"}}});
  AddIfPresent(app, table, {"state release", {{tool + " state release", "end the hold before its time"}}});
  AddIfPresent(app, table,
               {"state backup",
                {{tool + " state backup", "copy the state database into STATE_DIR/backups"},
                 {tool + " state backup --to /media/usb/" + tool + ".db", "copy it onto a stick"}}});
  AddIfPresent(app, table,
               {"state prune",
                {{tool + " state prune --older-than 30d", "remove what the state keeps from before the last 30 days"}}});
  AddIfPresent(app, table,
               {"hub migrate",
                {{tool + " hub migrate --hub evt-hub", "create or update the hub's schema (as its owner)"}}});
  AddIfPresent(app, table,
               {"hub status",
                {{tool + " hub status", "show the hub's schema version and this site's rows"},
                 {tool + " hub status --hub 'host=hub.lan dbname=evt'", "ask a hub given by conninfo"}}});
  AddIfPresent(app, table,
               {"hub grant",
                {{tool + " hub grant popup-berlin gate_north", "let role gate_north read and insert only that site's rows"}}});
  return table;
}

std::vector<std::vector<std::string>> ToolInvocations(std::string_view command_line, std::string_view tool) {
  std::vector<std::vector<std::string>> runs;
  const std::vector<ShellWord> words = SplitShellWords(command_line);
  bool at_start = true;  // the next word names a program
  bool in_run = false;   // the words go to `tool`
  for (std::size_t i = 0; i < words.size(); ++i) {
    const ShellWord& word = words[i];
    if (IsRedirection(word)) {
      ++i;  // its file is no argument
    } else if (word.is_operator) {
      at_start = true;
      in_run = false;
    } else if (at_start && IsAssignment(word.text)) {
      continue;  // VAR=value before the program
    } else if (at_start) {
      at_start = false;
      in_run = word.text == tool;
      if (in_run) runs.emplace_back();
    } else if (in_run) {
      runs.back().push_back(word.text);
    }
  }
  return runs;
}

Status CheckExamplesParse(CLI::App& app, const HelpExampleTable& table) {
  std::string failures;
  auto fail = [&](const CommandExamples& command, const HelpExample& example, const std::string& why) {
    failures += "\n  " + (command.path.empty() ? app.get_name() : command.path) + ": '" + example.command +
                "': " + why;
  };
  for (const CommandExamples& command : table) {
    for (const HelpExample& example : command.examples) {
      bool runs_the_command = false;
      for (const std::vector<std::string>& args : ToolInvocations(example.command, app.get_name())) {
        const std::string error = ParseOne(app, args);
        if (!error.empty()) fail(command, example, error);
        runs_the_command = runs_the_command || (error.empty() && ChosenPath(app) == command.path);
      }
      if (!runs_the_command) fail(command, example, "does not run '" + CommandLineOf(app, command.path) + "'");
    }
  }
  if (failures.empty()) return Status::Ok();
  return Status::CheckFailed("examples that do not parse:" + failures);
}

}  // namespace evt
