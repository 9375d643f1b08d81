// Fitting text into a width, beyond cutting its end (TruncateToWidth in
// common/text_width.h): a cut in the middle for URLs and ids, whose tail
// tells them apart, and word wrapping for text a person must read whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evt {

// The text when it fits in `width` columns; else its first characters,
// "…", and its last characters, taking at most `width` columns, with the
// tail given `tail` columns (clamped to what is left after the ellipsis)
// and the head the rest. Characters are never split; combining marks stay
// with their base. "" when even the ellipsis does not fit.
// REQUIRES: utf8 is sanitized (see SanitizeForTerminal).
std::string TruncateMiddle(std::string_view utf8, int width, int tail);

// The default split: the tail gets the larger half, since the end of a URL
// or an id is what tells two of them apart more often than its scheme.
std::string TruncateMiddle(std::string_view utf8, int width);

// The text in lines of at most `width` columns, broken at spaces (which are
// dropped at the breaks); a word wider than a line is broken between
// characters. At least one line, "" for empty text. width < 1 counts as 1.
// REQUIRES: utf8 is sanitized (see SanitizeForTerminal).
std::vector<std::string> WrapToWidth(std::string_view utf8, int width);

// Lines of facts above a table ("kiosk a: 3 redemptions, …", an approval
// with the command to type): each line of `text` sanitized and wrapped at
// `width` (not at all when width <= 0; a line that fits keeps its spacing),
// every output line ending in '\n'.
std::string WrapLines(std::string_view text, int width);

}  // namespace evt
