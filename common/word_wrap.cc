#include "common/word_wrap.h"

#include <algorithm>

#include "common/text_width.h"

namespace evt {
namespace {

// The bytes of the longest prefix of `word` that fits in `width` columns,
// at least one character so a cut always moves on.
std::size_t FittingPrefix(std::string_view word, int width) {
  std::size_t end = 0;
  while (end < word.size()) {
    std::size_t next = end + 1;
    while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) ++next;
    if (end > 0 && DisplayWidth(word.substr(0, next)) > width) break;
    end = next;
  }
  return end;
}

std::vector<std::string_view> SplitBlanks(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < line.size()) {
    start = line.find_first_not_of(" \t", start);
    if (start == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = line.size();
    words.push_back(line.substr(start, end - start));
    start = end;
  }
  return words;
}

void WrapLine(std::string_view line, int width, std::vector<std::string>& out) {
  std::string current;
  int used = 0;
  for (std::string_view word : SplitBlanks(line)) {
    int word_width = DisplayWidth(word);
    if (!current.empty() && used + 1 + word_width <= width) {
      current += ' ';
      current += word;
      used += 1 + word_width;
      continue;
    }
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
    while (word_width > width) {
      const std::size_t cut = FittingPrefix(word, width);
      out.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
      word_width = DisplayWidth(word);
    }
    current = std::string(word);
    used = word_width;
  }
  if (!current.empty()) out.push_back(std::move(current));
}

}  // namespace

std::vector<std::string> WrapWords(std::string_view text, int width) {
  std::vector<std::string> lines;
  width = std::max(width, 1);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t before = lines.size();
    WrapLine(text.substr(start, end - start), width, lines);
    // A blank line in the text stays: it separates paragraphs.
    if (lines.size() == before && end < text.size()) lines.emplace_back();
    start = end + 1;
  }
  return lines;
}

std::string WrapIndented(std::string_view text, int width, int indent) {
  std::string out;
  for (const std::string& line : WrapWords(text, width - indent)) {
    if (!line.empty()) out.append(static_cast<std::size_t>(indent), ' ');
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace evt
