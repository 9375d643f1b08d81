// "Did you mean ...?": the candidate a mistyped word was most likely meant
// to be. The front door uses it for tool names, RunMain for subcommands and
// long options, so a typo gets the same suggestion everywhere.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt {

// The optimal string alignment distance (Damerau-Levenshtein without
// editing a substring twice): insertions, deletions, substitutions and
// swaps of two neighbouring characters each count 1, so "statsu" is 1 from
// "status". Compares bytes.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when it is near enough to be a typo: at
// most a third of the word's length away, and at least 1. On a tie the
// earlier candidate wins. Never `word` itself, which is no typo of itself.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace evt
