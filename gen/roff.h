// Text into roff(7) for man pages, so what a schema says prints as written:
// no backslash starts an escape, no line turns into a request, hyphens that
// a reader would type come out as the minus sign they can copy.
#pragma once

#include <string>
#include <string_view>

namespace evt {

// For filled text: backslashes become \e; a line starting with "." or "'"
// gets a leading \& so it is not a request; leading blanks are dropped (in
// filled text they would break the line); in a word starting with "-"
// (--errors-as-records, a lone -) every hyphen becomes \- and \% keeps the
// word from being hyphenated at the end of a line; characters past
// ASCII become \[uXXXX] so groff needs no input encoding.
std::string RoffText(std::string_view text);

// For an .EX/.EE block: as RoffText, but every hyphen becomes \- (code is
// copied) and leading blanks are kept.
std::string RoffCode(std::string_view text);

}  // namespace evt
