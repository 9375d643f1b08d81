// Prose broken into lines that fit a width in terminal columns, for help
// text: at blanks, keeping the line breaks the text already has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evt {

// The lines of `text`, each at most `width` columns (common/text_width.h):
// words move to the next line whole; a word wider than `width` (a URL) is
// cut between characters. A '\n' in the text starts a new line; an empty
// text is no line. Runs of blanks between words become one.
// REQUIRES: width >= 1.
std::vector<std::string> WrapWords(std::string_view text, int width);

// Each line of WrapWords(text, width - indent) after `indent` blanks, every
// line ending in '\n'.
std::string WrapIndented(std::string_view text, int width, int indent);

}  // namespace evt
