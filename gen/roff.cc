#include "gen/roff.h"

#include <cstdint>
#include <cstdio>

namespace evt {
namespace {

enum class Mode { kText, kCode };

// Decodes the UTF-8 sequence at text[i] and advances i past it; a malformed
// byte decodes as U+FFFD and advances by one.
std::uint32_t NextCodePoint(std::string_view text, std::size_t& i) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  std::uint32_t code = lead & (0x3F >> (length > 0 ? length - 1 : 0));
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    code = (code << 6) | (next & 0x3F);
  }
  i += length;
  return code;
}

std::string CodePointEscape(std::uint32_t code) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\[u%04X]", static_cast<unsigned>(code));
  return buffer;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string RoffLine(std::string_view line, Mode mode) {
  if (mode == Mode::kText) {
    while (!line.empty() && IsBlank(line.front())) line.remove_prefix(1);
  }
  std::string out;
  if (!line.empty() && (line.front() == '.' || line.front() == '\'')) out += "\\&";
  bool option_word = false;
  for (std::size_t i = 0; i < line.size();) {
    char c = line[i];
    if (IsBlank(c)) {
      option_word = false;
    } else if (c == '-' && !option_word && (i == 0 || IsBlank(line[i - 1]) || line[i - 1] == '(')) {
      option_word = true;
      if (mode == Mode::kText) out += "\\%";  // an option must not be hyphenated across lines
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += CodePointEscape(NextCodePoint(line, i));
      continue;
    }
    if (c == '\\') out += "\\e";
    else if (c == '-' && (mode == Mode::kCode || option_word)) out += "\\-";
    else out += c;
    ++i;
  }
  return out;
}

std::string Roff(std::string_view text, Mode mode) {
  std::string out;
  while (true) {
    std::size_t end = text.find('\n');
    out += RoffLine(text.substr(0, end), mode);
    if (end == std::string_view::npos) return out;
    out += '\n';
    text.remove_prefix(end + 1);
  }
}

}  // namespace

std::string RoffText(std::string_view text) { return Roff(text, Mode::kText); }

std::string RoffCode(std::string_view text) { return Roff(text, Mode::kCode); }

}  // namespace evt
