#include "common/cli_value_syntax.h"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace evt {
namespace {

// CLI11's "N:INT in [1 - 1000000000]": the name, then each validator's
// description after a ':'.
struct TypeParts {
  std::string name;
  std::vector<std::string> validators;
};

TypeParts SplitTypeName(std::string_view full) {
  TypeParts parts;
  std::size_t start = 0;
  bool first = true;
  while (start <= full.size()) {
    std::size_t end = full.find(':', start);
    if (end == std::string_view::npos) end = full.size();
    std::string part(full.substr(start, end - start));
    if (first) {
      parts.name = part;
    } else if (!part.empty()) {
      parts.validators.push_back(part);
    }
    first = false;
    start = end + 1;
  }
  return parts;
}

// The keys of the first "{...}" in a validator description: IsMember says
// "{a,b}", a Transformer "{a->1,b->2}".
std::vector<std::string> ChoicesIn(std::string_view description) {
  const std::size_t open = description.find('{');
  const std::size_t close = description.find('}', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return {};
  std::vector<std::string> choices;
  std::string_view list = description.substr(open + 1, close - open - 1);
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(start, end - start);
    item = item.substr(0, item.find("->"));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) choices.emplace_back(item);
    start = end + 1;
  }
  return choices;
}

bool IsFlag(const CLI::Option& option) { return option.get_items_expected_max() == 0; }

// "[applied|all]" for an option whose value may be left out.
std::string OptionalValue(const CLI::Option& option, std::string value) {
  return option.get_expected_min() == 0 ? "[" + value + "]" : value;
}

// "1e+06" as CLI11 streams a double bound, written as a person would.
std::string NumberText(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || text.find_first_of("eE") == std::string::npos) return text;
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  return text;
}

// "INT in [1 - 1024]" -> "1 to 1024".
std::string RangeInWords(std::string_view description) {
  const std::size_t open = description.find(" in [");
  const std::size_t close = description.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
  std::string_view bounds = description.substr(open + 5, close - open - 5);
  const std::size_t dash = bounds.find(" - ");
  if (dash == std::string_view::npos) return "";
  const std::string low = NumberText(std::string(bounds.substr(0, dash)));
  const std::string high = NumberText(std::string(bounds.substr(dash + 3)));
  const double low_value = std::strtod(low.c_str(), nullptr);
  const double high_value = std::strtod(high.c_str(), nullptr);
  if (high_value >= 1e6) return low_value <= 1 ? "" : "at least " + low;
  return low + " to " + high;
}
std::string JoinChoices(const std::vector<std::string>& choices) {
  std::string out;
  for (const std::string& choice : choices) out += (out.empty() ? "" : "|") + choice;
  return out;
}

}  // namespace

std::string PlaceholderName(std::string_view cli11_type_name) {
  if (cli11_type_name == "INT" || cli11_type_name == "UINT") return "N";
  if (cli11_type_name == "FLOAT") return "NUMBER";
  if (cli11_type_name.empty()) return "VALUE";
  return std::string(cli11_type_name);
}

std::string ValueSyntax(const CLI::Option& option) {
  if (IsFlag(option)) return "";
  const TypeParts type = SplitTypeName(option.get_type_name());
  for (const std::string& validator : type.validators) {
    std::vector<std::string> choices = ChoicesIn(validator);
    if (!choices.empty()) return OptionalValue(option, JoinChoices(choices));
  }
  std::string name = PlaceholderName(type.name);
  if (name == "TEXT") {
    for (const std::string& validator : type.validators) {
      if (validator == "FILE" || validator == "DIR") return validator;
      if (validator.rfind("PATH", 0) == 0) return "PATH";
    }
  }
  // "AUD..." takes several values a use; one that takes one a use but may be
  // given again says "repeatable" in its description.
  if (option.get_items_expected_max() > 1 && option.get_allow_extra_args() && option.nonpositional()) name += "...";
  return OptionalValue(option, name);
}

std::string LimitsInWords(const CLI::Option& option) {
  for (const std::string& validator : SplitTypeName(option.get_type_name()).validators) {
    if (validator == "POSITIVE") return "above 0";
    if (validator == "NONNEGATIVE") return "0 or more";
    if (std::string words = RangeInWords(validator); !words.empty()) return words;
  }
  return "";
}
}  // namespace evt
