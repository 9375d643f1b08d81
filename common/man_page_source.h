// The hand-written part of a man page (man/src/evt-NAME.1.roff), split into
// its sections so the generator can put each where it belongs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evt {

struct ManSection {
  std::string title;  // upper case, unquoted, single spaces: "EXIT STATUS"
  std::string body;   // the lines after the .SH line, each ending in '\n'
  int line = 0;       // of the .SH line, from 1
};

struct ManSource {
  std::vector<ManSection> sections;  // in the order written
  int first_stray_line = 0;          // of text before the first .SH; 0 if none
};

// Splits at the ".SH" lines. Comments and blank lines before the first .SH
// are dropped; other text there is noted in first_stray_line.
ManSource ParseManSource(std::string_view roff);

// The section with this title, or nullptr.
const ManSection* FindManSection(const ManSource& source, std::string_view title);

}  // namespace evt
