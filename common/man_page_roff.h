// Text made safe for roff, for the generated parts of a man page.
#pragma once

#include <string>
#include <string_view>

namespace evt {

// One line of text escaped for use inside a roff line: backslash as \e,
// '"' as \(dq, non-ASCII as \[uXXXX] (invalid UTF-8 as U+FFFD), control
// characters as spaces. In a word that starts with '-' (an option such as
// --state-dir) every '-' becomes \-, which renders as an ASCII hyphen-minus,
// so a copied option works; prose hyphens stay hyphens. With `all_dashes`,
// every '-' is \- (names of tools, commands and options).
std::string RoffEscape(std::string_view text, bool all_dashes = false);

// RoffEscape(name, true).
std::string RoffName(std::string_view name);

// `escaped` as a text line: "\&" in front when it starts with '.' or '\'',
// which roff would read as a request.
std::string RoffTextLine(std::string_view escaped);

// Free text (a description) as roff text lines, each ending in '\n':
// leading blanks dropped so no line starts an indented block, blank lines as
// ".sp" (none at the ends). "" for blank text.
std::string RoffParagraph(std::string_view text);

// \fB...\fR and \fI...\fR around text already escaped.
std::string RoffBold(std::string_view escaped);
std::string RoffItalic(std::string_view escaped);

}  // namespace evt
