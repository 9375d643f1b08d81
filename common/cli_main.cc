#include "common/cli_main.h"

#include <cctype>
#include <csignal>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/cli_complete.h"
#include "common/cli_help_formatter.h"
#include "common/closest_match.h"
#include "common/cli_generate.h"
#include "common/config_check_command.h"
#include "common/state_commands.h"
#include "common/messages.h"
#include "common/process_state.h"
#include "common/signals.h"
#include "common/stdout_close.h"

namespace evt {
namespace {

// CLI11 starts its messages with a capital ("The following argument…");
// ours are lowercase after "prog: ". An acronym ("JSON") is left alone.
std::string LowercaseFirst(std::string text) {
  if (text.size() >= 2 && std::isupper(static_cast<unsigned char>(text[0])) &&
      !std::isupper(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

// "evt-token scan": the command whose --help the hint should point to.
std::string ChosenCommandPath(const CLI::App& app) {
  std::string path = app.get_name();
  const CLI::App* current = &app;
  while (!current->get_subcommands().empty()) {
    current = current->get_subcommands().front();
    if (!current->get_name().empty()) path += " " + current->get_name();
  }
  return path;
}

// CLI11 checks for a missing subcommand or option before it complains
// about arguments it did not understand, so `evt-token --bogus` would say
// "a subcommand is required"; name the stray argument instead, as that is
// usually the mistake.
std::string UsageMessage(const CLI::App& app, const CLI::ParseError& error) {
  std::vector<std::string> stray = app.remaining(/*recurse=*/true);
  if (dynamic_cast<const CLI::RequiredError*>(&error) == nullptr || stray.empty()) {
    return LowercaseFirst(error.what());
  }
  std::string message = stray.size() == 1 ? "unexpected argument:" : "unexpected arguments:";
  for (const std::string& arg : stray) message += " " + arg;
  return message;
}

// The deepest command the parser chose: `evt-token keys` for
// "evt-token keys rotat".
const CLI::App& ChosenCommand(const CLI::App& app) {
  const CLI::App* current = &app;
  while (!current->get_subcommands().empty() && !current->get_subcommands().front()->get_name().empty()) {
    current = current->get_subcommands().front();
  }
  return *current;
}

// What a person may type where a mistyped word stood: the chosen command's
// subcommands and their aliases.
std::vector<std::string> SubcommandNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (sub->get_name().empty() || sub->get_group().empty() || sub->get_disabled()) continue;
    names.push_back(sub->get_name());
    for (const std::string& alias : sub->get_aliases()) names.push_back(alias);
  }
  return names;
}

// ... and where a mistyped "--word" stood: the long options, without "--",
// of the chosen command and of the commands above it that it falls through
// to. Hidden options are not suggested.
std::vector<std::string> LongOptionNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* at = &command; at != nullptr; at = at->get_parent()) {
    for (const CLI::Option* option : at->get_options()) {
      if (option->get_group().empty()) continue;
      for (const std::string& name : option->get_lnames()) names.push_back(name);
    }
    if (!at->get_fallthrough()) break;
  }
  return names;
}

// "did you mean" for the first argument the parser did not take: a
// mistyped subcommand or long option (common/closest_match.h).
std::optional<std::string> MeantInstead(const CLI::App& app) {
  std::vector<std::string> stray = app.remaining(/*recurse=*/true);
  if (stray.empty()) return std::nullopt;
  std::string word = stray.front();
  const bool long_option = word.rfind("--", 0) == 0;
  if (!long_option && word.rfind('-', 0) == 0) return std::nullopt;
  // Options are compared without their dashes, which every candidate shares.
  if (long_option) word = word.substr(2, word.find('=') - 2);
  const CLI::App& command = ChosenCommand(app);
  std::optional<std::string> meant =
      ClosestMatch(word, long_option ? LongOptionNames(command) : SubcommandNames(command));
  if (meant && long_option) return "--" + *meant;
  return meant;
}

int ReportUsageError(const CLI::App& app, const CLI::ParseError& error) {
  std::string message = UsageMessage(app, error);
  if (std::optional<std::string> meant = MeantInstead(app)) message += "; did you mean '" + *meant + "'?";
  PrintError(message);
  PrintError("try '" + ChosenCommandPath(app) + " --help' for more information");
  return ToInt(ExitCode::kUsage);
}

// Returns the exit code when parsing ends the process (help, version, a
// usage error), nothing when the tool should go on and run.
std::optional<int> Parse(CLI::App& app, int argc, const char* const* argv, std::ostream& out) {
  // Here, not with the generators: a man page reads its examples from the
  // formatter SetHelpExamples installed, and needs no other.
  InstallHelpFormatter(app);
  try {
    // CLI11 reads argv[0] and sizes from argc - 1; a program exec'd with
    // an empty argv must not crash it.
    if (argc < 1) {
      app.parse(std::vector<std::string>{});
    } else {
      app.parse(argc, argv);
    }
    return std::nullopt;
  } catch (const CLI::CallForVersion& e) {
    // Not app.exit(): its std::endl flushes, and a write error found there
    // loses its errno before CloseStdout can report it.
    out << e.what() << '\n';
    return ToInt(ExitCode::kOk);
  } catch (const CLI::Success& e) {
    // --help: to stdout, exit 0.
    return app.exit(e, out, out);
  } catch (const CLI::ParseError& e) {
    return ReportUsageError(app, e);
  } catch (const std::exception& e) {
    // An option callback of the tool threw: a bug, not a usage error.
    PrintError(std::string("internal error: ") + e.what());
    return ToInt(ExitCode::kSoftware);
  }
}

Status RunCatching(const std::function<Status()>& run) {
  try {
    return run();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("internal error: ") + e.what());
  } catch (...) {
    return Status::Internal("internal error: unknown exception");
  }
}

int ExitCodeForStop(int signal_number) {
  if (signal_number == SIGINT) return ToInt(ExitCode::kInterrupted);
  if (signal_number == SIGTERM) return ToInt(ExitCode::kTerminated);
  return 128 + signal_number;
}

int Finish(const Status& status) {
  // The reader has read enough (`| head`): whatever failed after that was
  // for nobody, so end as a filter does, quietly.
  if (ReaderGone()) return ToInt(ExitCode::kOk);
  PrintError(status);
  if (StopRequested()) return ExitCodeForStop(StopSignal());
  return ToInt(status.code());
}

int PrintGenerated(CLI::App& app, int argc, const char* const* argv, std::ostream& out) {
  Result<std::string> text = Generate(app, argc, argv);
  if (!text.ok()) {
    PrintError(text.status());
    return ToInt(text.status().code());
  }
  out << *text;
  return ToInt(ExitCode::kOk);
}

void NameProgram(const CLI::App& app, int argc, const char* const* argv) {
  if (!app.get_name().empty()) {
    SetProgramName(app.get_name());
  } else if (argc > 0 && argv[0] != nullptr) {
    SetProgramName(argv[0]);
  }
}

}  // namespace

int RunMainInProcess(CLI::App& app, int argc, const char* const* argv,
                     const std::function<Status()>& run, std::ostream& out) {
  NameProgram(app, argc, argv);
  // Before the generator too: completions offer the common options after
  // a subcommand only where the parser accepts them there.
  LetSubcommandsFallThrough(app);
  if (IsGenerateRequest(argc, argv)) return PrintGenerated(app, argc, argv, out);
  if (IsCompleteRequest(argc, argv)) return PrintCompletions(app, argc, argv, out);
  if (std::optional<int> code = Parse(app, argc, argv, out)) return *code;
  if (const ConfigCheckCommand* check = ChosenConfigCheck(app)) {
    return Finish(RunCatching([check, &out] { return check->Run(out); }));
  }
  if (const StateCommand* state = ChosenStateCommand(app)) {
    return Finish(RunCatching([state, &out] { return state->Run(out); }));
  }
  return Finish(RunCatching(run));
}

int RunMain(CLI::App& app, int argc, char** argv, std::function<Status()> run) {
  InstallSignalHandlers();
  int code = RunMainInProcess(app, argc, argv, run, std::cout);
  Status closed = CloseStdout();
  // A tool that already failed has said why; a lost write is most likely
  // that failure again, so only a run that looked fine learns of it here.
  if (closed.ok() || code != 0) return code;
  PrintError(closed);
  return ToInt(closed.code());
}

}  // namespace evt
