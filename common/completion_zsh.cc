// RenderZshCompletion from common/cli_docs.h: one _arguments function per
// command; a command with subcommands hands the rest of the line to the
// function of the subcommand typed (the "args" state). A value that names
// something on the site (common/completion_slots.h) is asked of
// `TOOL __complete` with the whole line, which the tool's first function
// keeps before _arguments cuts `words` down to a subcommand's.
#include <CLI/App.hpp>

#include "common/cli_docs.h"
#include "common/cli_walk.h"
#include "common/completion_slots.h"

namespace evt {
namespace {

// A shell word in single quotes.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Text inside an _arguments "[description]" or a _describe "name:description".
std::string EscapeSpecText(std::string_view text, std::string_view specials) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t') c = ' ';
    if (specials.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(separator)) + p;
  return out;
}

std::string FunctionFor(const CliChain& chain) {
  std::string fn = "_" + ShellIdentifier(chain.front()->name);
  for (const std::string& word : CommandPath(chain)) fn += "_" + ShellIdentifier(word);
  return fn;
}

std::string SiteFunction(const CliChain& chain) { return "_" + ShellIdentifier(chain.front()->name) + "_site"; }

std::string LineVariable(const CliCommand& root) { return "_" + ShellIdentifier(root.name) + "_line"; }

// The action part of a spec: what to offer for a value.
std::string Action(ValueKind kind, const std::vector<std::string>& choices, const CliChain& chain, SiteNameKind site) {
  if (choices.empty() && site != SiteNameKind::kNone) return SiteFunction(chain);
  if (!choices.empty()) {
    std::vector<std::string> escaped;
    for (const std::string& c : choices) escaped.push_back(EscapeSpecText(c, "\\ ()'\":"));
    return "(" + Join(escaped, " ") + ")";
  }
  if (kind == ValueKind::kFile) return "_files";
  if (kind == ValueKind::kDir) return "_files -/";
  return " ";
}

// '(-k --key)'{-k+,--key=}'[the key]:FILE:_files' and its simpler forms.
std::string OptionSpec(const CliChain& chain, const CliOption& opt) {
  std::vector<std::string> names;
  for (const std::string& s : opt.short_names) names.push_back("-" + s + (opt.value_name.empty() ? "" : "+"));
  for (const std::string& l : opt.long_names) names.push_back("--" + l + (opt.value_name.empty() ? "" : "="));
  std::string tail = "[" + EscapeSpecText(opt.description, "\\[]:") + "]";
  if (!opt.value_name.empty()) {
    tail += ":" + EscapeSpecText(opt.value_name, "\\:") + ":" + Action(opt.kind, opt.choices, chain, SiteNameKindOf(chain, opt));
  }
  if (names.size() == 1) return Quote((opt.repeatable ? "*" : "") + names.front() + tail);
  std::vector<std::string> bare;
  for (const std::string& s : opt.short_names) bare.push_back("-" + s);
  for (const std::string& l : opt.long_names) bare.push_back("--" + l);
  // Brace expansion gives each spelling its own spec; the exclusion list
  // stops zsh offering the other spelling once one is given.
  const std::string prefix = opt.repeatable ? "'*'" : Quote("(" + Join(bare, " ") + ")");
  return prefix + "{" + Join(names, ",") + "}" + Quote(tail);
}

std::string PositionalSpec(const CliChain& chain, const CliPositional& pos) {
  const std::string lead = pos.many ? "*:" : pos.required ? ":" : "::";
  return Quote(lead + EscapeSpecText(pos.name, "\\:") + ":" +
               Action(pos.kind, pos.choices, chain, SiteNameKindOf(chain, pos)));
}

std::string CommandList(const CliChain& chain) {
  std::string out;
  for (const CliCommand& sub : chain.back()->subcommands) {
    out += "    " + Quote(EscapeSpecText(sub.name, "\\:") + ":" + EscapeSpecText(sub.description, "\\")) + "\n";
  }
  return out;
}

std::string SubcommandDispatch(const CliChain& chain) {
  std::string out = "  case $state in\n    args)\n      case $words[1] in\n";
  CliChain child = chain;
  for (const CliCommand& sub : chain.back()->subcommands) {
    child.push_back(&sub);
    std::vector<std::string> names;
    for (const std::string& name : NamesOf(sub)) names.push_back(Quote(name));
    out += "        " + Join(names, "|") + ") " + FunctionFor(child) + " ;;\n";
    child.pop_back();
  }
  // Any other first word is a program to hand the line to.
  if (chain.size() == 1 && ForwardsUnknownCommands(chain.front()->name)) out += "        *) " + SiteFunction(chain) + " ;;\n";
  return out + "      esac ;;\n  esac\n";
}

std::string CommandFunction(const CliChain& chain) {
  const CliCommand& command = *chain.back();
  const std::string fn = FunctionFor(chain);
  const bool has_subcommands = !command.subcommands.empty();
  std::vector<std::string> specs;
  for (const CliOption* opt : OptionsAt(chain)) specs.push_back(OptionSpec(chain, *opt));
  if (has_subcommands) {
    specs.push_back(Quote("1: :" + fn + "_commands"));
    specs.push_back(Quote("*:: :->args"));
  } else {
    for (const CliPositional& pos : command.positionals) specs.push_back(PositionalSpec(chain, pos));
  }
  std::string out = fn + "() {\n";
  if (chain.size() == 1 && AsksForSiteNames(command)) {
    const std::string line = LineVariable(command);
    out += "  local -a " + line + "\n  " + line + "=(\"${(@Q)words[2,CURRENT-1]}\" \"${(Q)PREFIX}\")\n";
  }
  if (has_subcommands) out += "  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n";
  out += "  _arguments -s -S" + std::string(has_subcommands ? " -C" : "");
  for (const std::string& spec : specs) out += " \\\n    " + spec;
  out += "\n";
  if (!has_subcommands) return out + "}\n\n";
  out += SubcommandDispatch(chain) + "}\n\n";
  if (chain.size() == 1 && ForwardsUnknownCommands(command.name)) {
    // The front door's own commands come with the programs it runs.
    return out + fn + "_commands() {\n  " + SiteFunction(chain) + "\n}\n\n";
  }
  out += fn + "_commands() {\n  local -a commands\n  commands=(\n" + CommandList(chain) + "  )\n";
  std::vector<std::string> words{chain.front()->name};
  for (const std::string& word : CommandPath(chain)) words.push_back(word);
  out += "  _describe -t commands " + Quote(Join(words, " ") + " command") + " commands\n}\n\n";
  return out;
}

// Offers the lines of `TOOL __complete LINE...`, "name<TAB>description".
std::string SiteHelper(const CliCommand& root) {
  return "# What `" + root.name + " __complete` offers after the words so far: the site's names.\n" +
         "_" + ShellIdentifier(root.name) + "_site() {\n" +
         "  local -a described\n"
         "  local line\n"
         "  for line in \"${(@f)$(" + Quote(root.name) + " __complete \"${" + LineVariable(root) +
         "[@]}\" 2>/dev/null)}\"; do\n"
         "    [[ -n $line ]] || continue\n"
         "    if [[ $line == *$'\\t'* ]]; then\n"
         "      described+=(\"${${line%%$'\\t'*}//:/\\\\:}:${line#*$'\\t'}\")\n"
         "    else\n"
         "      described+=(\"${line//:/\\\\:}\")\n"
         "    fi\n"
         "  done\n"
         "  _describe -t site-names name described\n"
         "}\n\n";
}

}  // namespace

std::string RenderZshCompletion(const CLI::App& app) {
  const CliCommand root = WalkCli(app);
  const std::string main = "_" + ShellIdentifier(root.name);
  std::string out = "#compdef " + root.name + "\n# zsh completion for " + root.name + "; generated by `" +
                    root.name + " --evt-generate zsh`, do not edit.\n\n";
  if (AsksForSiteNames(root)) out += SiteHelper(root);
  ForEachCommand(root, [&](const CliChain& chain) { out += CommandFunction(chain); });
  // Autoloaded from $fpath this file is the body of a function named as
  // the file, "_evt-token" (not `main`, "_evt_token"): it completes at once,
  // or the first TAB of a session would only register it. Sourced, it
  // registers itself.
  out += "if [[ $funcstack[1] == " + Quote("_" + root.name) + " ]]; then\n  " + main + " \"$@\"\nelse\n  compdef " +
         main + " " + Quote(root.name) + "\nfi\n";
  return out;
}

}  // namespace evt
