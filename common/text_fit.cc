#include "common/text_fit.h"

#include <algorithm>

#include "common/text_width.h"
#include "common/utf8.h"

namespace evt {
namespace {

// One character as a terminal shows it: a base and the zero-width marks
// after it, so a cut never leaves an accent without its letter.
struct Glyph {
  std::size_t begin;
  std::size_t end;
  int width;
};

std::vector<Glyph> Glyphs(std::string_view utf8) {
  std::vector<Glyph> glyphs;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const std::size_t start = pos;
    char32_t cp = 0;
    const int w = DecodeUtf8(utf8, &pos, &cp) ? CodepointWidth(cp) : 1;
    if (w == 0 && !glyphs.empty()) {
      glyphs.back().end = pos;
    } else {
      glyphs.push_back({start, pos, w});
    }
  }
  return glyphs;
}

constexpr std::string_view kEllipsis = "…";

// Splits `word` into pieces of at most `width` columns (at least one glyph each).
std::vector<std::string> BreakWord(std::string_view word, int width) {
  std::vector<std::string> pieces;
  std::size_t begin = 0;
  int used = 0;
  for (const Glyph& g : Glyphs(word)) {
    if (used > 0 && used + g.width > width) {
      pieces.emplace_back(word.substr(begin, g.begin - begin));
      begin = g.begin;
      used = 0;
    }
    used += g.width;
  }
  pieces.emplace_back(word.substr(begin));
  return pieces;
}

}  // namespace

std::string TruncateMiddle(std::string_view utf8, int width, int tail) {
  if (DisplayWidth(utf8) <= width) return std::string(utf8);
  const int room = width - DisplayWidth(kEllipsis);
  if (room < 0) return "";
  tail = std::clamp(tail, 0, room);
  const std::vector<Glyph> glyphs = Glyphs(utf8);
  std::size_t tail_begin = utf8.size();
  int tail_used = 0;
  for (auto it = glyphs.rbegin(); it != glyphs.rend() && tail_used + it->width <= tail; ++it) {
    tail_used += it->width;
    tail_begin = it->begin;
  }
  std::size_t head_end = 0;
  int head_used = 0;
  for (const Glyph& g : glyphs) {
    if (g.begin >= tail_begin || head_used + g.width > room - tail_used) break;
    head_used += g.width;
    head_end = g.end;
  }
  return std::string(utf8.substr(0, head_end)) + std::string(kEllipsis) + std::string(utf8.substr(tail_begin));
}

std::string TruncateMiddle(std::string_view utf8, int width) {
  const int room = width - DisplayWidth(kEllipsis);
  return TruncateMiddle(utf8, width, room - room / 2);
}

std::vector<std::string> WrapToWidth(std::string_view utf8, int width) {
  width = std::max(width, 1);
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  std::size_t start = 0;
  while (start <= utf8.size()) {
    std::size_t end = utf8.find(' ', start);
    if (end == std::string_view::npos) end = utf8.size();
    const std::string_view word = utf8.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    for (const std::string& piece : BreakWord(word, width)) {
      const int w = DisplayWidth(piece);
      if (used > 0 && used + 1 + w > width) {
        lines.push_back(std::move(line));
        line.clear();
        used = 0;
      }
      if (used > 0) {
        line += ' ';
        ++used;
      }
      line += piece;
      used += w;
    }
  }
  if (used > 0 || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string WrapLines(std::string_view text, int width) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = SanitizeForTerminal(text.substr(start, end - start));
    const bool fits = width <= 0 || DisplayWidth(line) <= width;  // kept as it is, spacing and all
    for (const std::string& part : fits ? std::vector<std::string>{line} : WrapToWidth(line, width)) {
      out += part + "\n";
    }
    start = end + 1;
  }
  return out;
}

}  // namespace evt
