// ANSI styles for human output. Whether to use them is decided elsewhere
// (ColorEnabled in common/output_mode.h: a terminal, TERM not "dumb", no
// NO_COLOR); these functions take that decision as a plain bool so they never
// read the environment.
#pragma once

#include <string>
#include <string_view>

namespace evt {

enum class Style {
  kPlain,
  kOk,      // green: healthy, valid, within budget
  kWarn,    // yellow: degraded, close to a limit
  kBad,     // red: failed, invalid, over budget
  kDim,     // faint: secondary detail
  kHeader,  // bold: table headers
};

// `text` wrapped in the style's SGR sequence and a reset when `color` is true
// and the style is not kPlain; `text` unchanged otherwise. Adds no columns.
std::string Styled(std::string_view text, Style style, bool color);

// The text without the SGR sequences (ESC '[' parameters 'm') that Styled
// adds: what the same output looks like with colour off.
std::string StripStyles(std::string_view text);

}  // namespace evt
