#include "common/cli_vocabulary.h"

#include <charconv>
#include <limits>
#include <string>

#include "common/messages.h"

namespace evt {
namespace {

void WarnDeprecated(const std::string& old_name, const std::string& replacement) {
  PrintWarning(old_name + " is deprecated; use " + replacement);
}

constexpr std::string_view kTable = "table";

std::string_view NameOf(OutputForm form) {
  switch (form) {
    case OutputForm::kRecords: return OutputFormatName(OutputFormat::kRecords);
    case OutputForm::kTable: return kTable;
    case OutputForm::kPrometheus: return OutputFormatName(OutputFormat::kPrometheus);
    case OutputForm::kOpenMetrics: return OutputFormatName(OutputFormat::kOpenMetrics);
  }
  return kTable;
}

std::vector<std::string> NamesOf(std::initializer_list<OutputForm> forms) {
  std::vector<std::string> names;
  for (OutputForm form : forms) names.emplace_back(NameOf(form));
  return names;
}

// An old spelling given with its replacement: which one was meant is a
// guess, so neither wins (CLI11's excludes() cannot name a hidden option).
void RefuseBeside(const CLI::Option& replacement, const std::string& old_name) {
  if (replacement.count() == 0) return;
  throw CLI::ValidationError(old_name, "give " + replacement.get_name() + " alone (" + old_name +
                                           " is its deprecated spelling)");
}

}  // namespace

CLI::Option* AddDeprecatedFlag(CLI::App& command, const std::string& old_name, const std::string& replacement,
                               bool& target) {
  return command
      .add_flag_callback(
          old_name,
          [old_name, replacement, &target] {
            WarnDeprecated(old_name, replacement);
            target = true;
          },
          std::string(kDeprecatedPrefix) + replacement)
      ->group("");
}

CLI::Option* AddDeprecatedOption(CLI::App& command, const std::string& old_name, const std::string& replacement,
                                 std::function<void(const std::string&)> set) {
  return command
      .add_option_function<std::string>(
          old_name,
          [old_name, replacement, set = std::move(set)](const std::string& value) {
            set(value);  // may refuse the value: then the warning would only distract
            WarnDeprecated(old_name, replacement);
          },
          std::string(kDeprecatedPrefix) + replacement)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group("");
}

std::string DeprecatedReplacement(const CLI::Option& option) {
  const std::string& description = option.get_description();
  if (!option.get_group().empty() || !description.starts_with(kDeprecatedPrefix)) return "";
  return description.substr(kDeprecatedPrefix.size());
}

CLI::Option* AddOutputOption(CLI::App& command, std::string& output, std::initializer_list<OutputForm> forms,
                             const std::string& help) {
  CLI::Option* option = command.add_option("-o,--output", output, help)
                            ->type_name("FORM")
                            ->check(CLI::IsMember(NamesOf(forms)))
                            ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  AddDeprecatedOption(command, "--format", "-o/--output", [&output, option](const std::string& value) {
    RefuseBeside(*option, "--format");
    output = value;
  })->check(CLI::IsMember(NamesOf(forms)));
  return option;
}

Result<ChosenOutput> ResolveOutput(const CommonOptions& options, std::string_view output) {
  ChosenOutput chosen;
  if (options.json) chosen.records = true;
  if (output.empty()) return chosen;
  if (output == kTable) {
    chosen.records = false;
  } else {
    EVT_ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(output, "-o"));
    if (format == OutputFormat::kRecords) {
      chosen.records = true;
    } else {
      chosen.metrics = format;
    }
  }
  if (options.json && (chosen.metrics || chosen.records == false)) {
    return Status::Usage("--json and -o " + std::string(output) + " contradict each other (--json is -o records)");
  }
  return chosen;
}

bool WantRecords(const CommonOptions& options, std::string_view output) {
  Result<ChosenOutput> chosen = ResolveOutput(options, output);
  if (chosen.ok() && chosen->records) return *chosen->records;
  return WantRecords(options);
}

namespace {

// Parsed here rather than by CLI11: its number check names the range of a
// double (0 to 1.8e308), and a value past int64 saturated, taken silently.
std::int64_t ParseSeqCursor(const std::string& option, const std::string& value, std::string_view aside) {
  std::int64_t seq = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seq);
  if (error != std::errc() || end != value.data() + value.size() || seq < 0) {
    throw CLI::ValidationError(option, "expected the sequence number a peer last took (0 to " +
                                           std::to_string(std::numeric_limits<std::int64_t>::max()) + "), got \"" +
                                           value + "\"" + std::string(aside));
  }
  return seq;
}

}  // namespace

CLI::Option* AddAfterSeqOption(CLI::App& command, std::int64_t& cursor, const std::string& help) {
  CLI::Option* option = command
                            .add_option_function<std::string>(
                                "--after-seq",
                                [&cursor](const std::string& value) { cursor = ParseSeqCursor("--after-seq", value, ""); },
                                help)
                            ->type_name("N")
                            // Only named, for the help's "(0 or more)": ParseSeqCursor refuses.
                            ->check(CLI::Validator(std::string("NONNEGATIVE")));
  AddDeprecatedOption(command, "--since", "--after-seq", [&cursor, option](const std::string& value) {
    RefuseBeside(*option, "--since");
    cursor = ParseSeqCursor("--since", value, " (a time filter is not supported here; the cursor is --after-seq N)");
  });
  return option;
}

}  // namespace evt
