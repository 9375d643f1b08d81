// An option's value as a person reads it in --help and the man page,
// instead of CLI11's type names and validator descriptions: "N" for
// "N:INT in [1 - 1000000000]", "fail|skip" for "TEXT:{fail,skip}", and the
// limits in words ("1 to 1024") for the description.
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace evt {

// CLI11's type names in words a person writes: "INT" and "UINT" are "N",
// "FLOAT" is "NUMBER", none is "VALUE"; other names stay.
std::string PlaceholderName(std::string_view cli11_type_name);

// The value an option takes as help shows it: its choices ("fail|skip"),
// else its placeholder ("N", "FILE"); "" for a flag.
std::string ValueSyntax(const CLI::Option& option);

// What CLI11's validators say of a value in the type name, in words for a
// description: "1 to 1024" for a range, "at least 5" when the top is a
// million or more, and "" when there is nothing worth saying (choices are in
// ValueSyntax; a range from 0 or 1 to a million or more says no more than N).
std::string LimitsInWords(const CLI::Option& option);

}  // namespace evt
