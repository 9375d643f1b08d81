#include "common/cli_complete.h"

#include <cstdlib>

#include <CLI/App.hpp>

#include "common/completion_slots.h"

namespace evt {
namespace {

constexpr std::string_view kCompleteCommand = "__complete";

bool TakesValue(const CliOption& opt) { return !opt.value_name.empty(); }

bool IsConfigOption(const CliOption& opt) {
  for (const std::string& name : opt.long_names) {
    if (name == "config") return true;
  }
  return false;
}

// The shell hands over the word as typed: "~/event.json" is not expanded yet.
std::string ExpandHome(std::string_view path) {
  const char* home = std::getenv("HOME");
  if (!path.starts_with("~/") || home == nullptr) return std::string(path);
  return std::string(home) + std::string(path.substr(1));
}

// Where the words before the cursor have led.
struct LineState {
  CliChain chain;
  const CliOption* pending = nullptr;  // the next word is this option's value
  std::size_t positionals = 0;         // positional words given to chain.back()
  bool after_double_dash = false;
  std::string config_flag;
};

const CliOption* FindLong(const CliChain& chain, std::string_view name) {
  for (const CliOption* opt : OptionsAt(chain)) {
    for (const std::string& l : opt->long_names) {
      if (l == name) return opt;
    }
  }
  return nullptr;
}

const CliOption* FindShort(const CliChain& chain, char name) {
  for (const CliOption* opt : OptionsAt(chain)) {
    for (const std::string& s : opt->short_names) {
      if (s.size() == 1 && s[0] == name) return opt;
    }
  }
  return nullptr;
}

const CliCommand* FindSubcommand(const CliCommand& command, std::string_view word) {
  for (const CliCommand& sub : command.subcommands) {
    for (const std::string& name : NamesOf(sub)) {
      if (name == word) return &sub;
    }
  }
  return nullptr;
}

void TakeValue(LineState& state, const CliOption& opt, std::string_view value) {
  if (IsConfigOption(opt)) state.config_flag = ExpandHome(value);
}

// "--name" or "--name=value".
void StepLong(LineState& state, std::string_view word) {
  const std::size_t equals = word.find('=');
  const CliOption* opt = FindLong(state.chain, word.substr(2, equals == std::string_view::npos ? word.npos : equals - 2));
  if (opt == nullptr || !TakesValue(*opt)) return;
  if (equals == std::string_view::npos) {
    state.pending = opt;
  } else {
    TakeValue(state, *opt, word.substr(equals + 1));
  }
}

// "-qv", "-cFILE", "-c" followed by FILE.
void StepShort(LineState& state, std::string_view word) {
  for (std::size_t i = 1; i < word.size(); ++i) {
    const CliOption* opt = FindShort(state.chain, word[i]);
    if (opt == nullptr) return;
    if (!TakesValue(*opt)) continue;
    if (i + 1 < word.size()) {
      TakeValue(state, *opt, word.substr(i + 1));
    } else {
      state.pending = opt;
    }
    return;
  }
}

void Step(LineState& state, std::string_view word) {
  if (state.pending != nullptr) {
    TakeValue(state, *state.pending, word);
    state.pending = nullptr;
  } else if (state.after_double_dash) {
    ++state.positionals;
  } else if (word == "--") {
    state.after_double_dash = true;
  } else if (word.starts_with("--")) {
    StepLong(state, word);
  } else if (word.starts_with("-") && word.size() > 1) {
    StepShort(state, word);
  } else if (const CliCommand* sub = FindSubcommand(*state.chain.back(), word)) {
    state.chain.push_back(sub);
    state.positionals = 0;
  } else {
    ++state.positionals;
  }
}

class Completer {
 public:
  Completer(const CliCommand& root, const SiteNameLookup& site_names) : root_(root), site_names_(site_names) {}

  std::vector<Candidate> Complete(const std::vector<std::string>& words) {
    LineState state{{&root_}, nullptr, 0, false, ""};
    for (std::size_t i = 0; i + 1 < words.size(); ++i) Step(state, words[i]);
    state_ = &state;
    const std::string& current = words.back();
    if (state.pending != nullptr) {
      AddValues(*state.pending, current);
    } else if (!state.after_double_dash && current.starts_with("--") && current.find('=') != std::string::npos) {
      const std::size_t equals = current.find('=');
      const CliOption* opt = FindLong(state.chain, std::string_view(current).substr(2, equals - 2));
      if (opt != nullptr && TakesValue(*opt)) AddValues(*opt, current.substr(equals + 1));
    } else if (!state.after_double_dash && current.starts_with("-")) {
      AddOptions(current);
    } else {
      if (!state.after_double_dash) AddSubcommands(current);
      if (const CliPositional* pos = PositionalAt(*state.chain.back(), state.positionals)) {
        AddValues(*pos, current);
      }
    }
    return std::move(out_);
  }

 private:
  static const CliPositional* PositionalAt(const CliCommand& command, std::size_t index) {
    for (const CliPositional& pos : command.positionals) {
      if (index == 0 || pos.many) return &pos;
      --index;
    }
    return nullptr;
  }

  void Add(std::string value, std::string description, std::string_view prefix) {
    if (value.starts_with(prefix)) out_.push_back({std::move(value), std::move(description)});
  }

  void AddOptions(std::string_view prefix) {
    for (const CliOption* opt : OptionsAt(state_->chain)) {
      for (const std::string& l : opt->long_names) Add("--" + l, opt->description, prefix);
      for (const std::string& s : opt->short_names) Add("-" + s, opt->description, prefix);
    }
  }

  void AddSubcommands(std::string_view prefix) {
    for (const CliCommand& sub : state_->chain.back()->subcommands) Add(sub.name, sub.description, prefix);
  }

  // A value of an option or positional: its choices, else the site's names
  // when the slot names something on the site.
  template <class Slot>
  void AddValues(const Slot& slot, std::string_view prefix) {
    for (const std::string& choice : slot.choices) Add(choice, "", prefix);
    if (!slot.choices.empty()) return;
    const SiteNameKind kind = SiteNameKindOf(state_->chain, slot);
    if (kind == SiteNameKind::kNone) return;
    for (SiteName& name : site_names_(kind, state_->config_flag)) {
      Add(std::move(name.name), std::move(name.description), prefix);
    }
  }

  const CliCommand& root_;
  const SiteNameLookup& site_names_;
  const LineState* state_ = nullptr;
  std::vector<Candidate> out_;
};

}  // namespace

std::vector<SiteName> SiteNamesFromConfig(SiteNameKind kind, std::string_view config_flag) {
  return SiteNamesOf(kind, ReadSiteDocument(config_flag), ShippedRunbookDirs());
}

bool IsCompleteRequest(int argc, const char* const* argv) {
  return argc >= 2 && argv[1] != nullptr && argv[1] == kCompleteCommand;
}

std::vector<std::string> CompleteWords(int argc, const char* const* argv) {
  std::vector<std::string> words;
  for (int i = 2; i < argc; ++i) words.emplace_back(argv[i] == nullptr ? "" : argv[i]);
  if (words.empty()) words.emplace_back();
  return words;
}

std::vector<Candidate> CompleteLine(const CliCommand& root, const std::vector<std::string>& words,
                                    const SiteNameLookup& site_names) {
  return Completer(root, site_names).Complete(words);
}

void PrintCandidates(const std::vector<Candidate>& candidates, std::ostream& out) {
  for (const Candidate& c : candidates) {
    // A name with a tab or newline in it cannot be one line for the shells.
    if (c.value.find_first_of("\t\n") != std::string::npos) continue;
    out << c.value;
    if (!c.description.empty()) {
      out << '\t';
      for (char ch : c.description) out << (ch == '\n' || ch == '\t' ? ' ' : ch);
    }
    out << '\n';
  }
}

int PrintCompletions(const CLI::App& app, int argc, const char* const* argv, std::ostream& out) {
  PrintCandidates(CompleteLine(WalkCli(app), CompleteWords(argc, argv), SiteNamesFromConfig), out);
  return 0;
}

}  // namespace evt
