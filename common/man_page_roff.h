// Text made safe for roff, for the generated parts of a man page: the
// tools' pages (man_page.cc) and evt(7) (gen/evt7_page.cc) share it.
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

// What differs between a macro argument and running text.
struct RoffStyle {
  bool all_dashes = false;           // every '-' as \- (names, code)
  bool quote_as_dq = true;           // '"' as \(dq, safe inside a quoted macro argument
  bool unbreakable_options = false;  // \% before a word starting with '-': never hyphenated
  // A '-' opens an option word at the start or after one of these: the
  // tools' pages also see "[--json]" and "a|-b" as options; schema prose
  // only after a blank or "(", so that "-Inf" in quotes stays a value.
  std::string_view option_follows = " ([{|=-/,'\"";
};
std::string RoffEscape(std::string_view text, RoffStyle style);

// Running text, line by line: leading blanks dropped (in filled text they
// would break the line), each line escaped with '"' as itself and \% before
// an option word, and guarded by RoffTextLine.
std::string RoffText(std::string_view text);

// An .EX/.EE block: as RoffText, but leading blanks kept and every '-' as \-
// (code is copied).
std::string RoffCode(std::string_view text);

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
