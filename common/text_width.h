// How many terminal columns UTF-8 text takes, without the locale: wcwidth()
// depends on setlocale() and differs between libcs, and a table must line up
// the same way on every kiosk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evt {

// 0 for combining marks, zero-width and format characters (ZWJ, variation
// selectors) and control characters; 2 for East Asian wide and fullwidth
// characters and emoji; 1 otherwise. Ambiguous-width characters count 1.
int CodepointWidth(char32_t cp);

// The sum of CodepointWidth over the text. A byte that is not part of valid
// UTF-8 counts as one column, as terminals show it as one replacement mark.
// Emoji joined with ZWJ count as the sum of their parts.
int DisplayWidth(std::string_view utf8);

// The text with every byte that is not valid UTF-8 and every control
// character (C0, DEL, C1; tab and newline too) replaced by U+FFFD, so that
// untrusted text cannot break a table's lines or send escape sequences to the
// terminal.
std::string SanitizeForTerminal(std::string_view utf8);

// The longest prefix of the text, cut between characters, that fits in
// `width` columns together with `ellipsis`, followed by `ellipsis`; the text
// itself when it already fits. Combining marks stay with their base
// character. "" when even the ellipsis does not fit.
// REQUIRES: utf8 is sanitized (see SanitizeForTerminal).
std::string TruncateToWidth(std::string_view utf8, int width, std::string_view ellipsis = "…");

}  // namespace evt
