#include "common/man_page_roff.h"

#include <algorithm>
#include <cstdio>

#include "common/utf8.h"

namespace evt {
namespace {

bool StartsWord(std::string_view text, std::size_t pos, std::string_view follows) {
  return pos == 0 || follows.find(text[pos - 1]) != std::string_view::npos;
}

void AppendUnicodeEscape(char32_t cp, std::string* out) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\[u%04X]", static_cast<unsigned>(cp));
  out->append(buffer);
}

void AppendEscaped(char32_t cp, bool minus, bool quote_as_dq, std::string* out) {
  if (cp == '\\') {
    *out += "\\e";
  } else if (cp == '-' && minus) {
    *out += "\\-";
  } else if (cp == '"' && quote_as_dq) {
    *out += "\\(dq";
  } else if (cp < 0x20 || cp == 0x7F) {
    *out += ' ';
  } else if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else {
    AppendUnicodeEscape(cp, out);
  }
}

enum LineKind { kRunningText, kCode };

std::string RoffLines(std::string_view text, LineKind kind) {
  const RoffStyle style{.all_dashes = kind == kCode,
                        .quote_as_dq = false,
                        .unbreakable_options = kind != kCode,
                        .option_follows = " \t("};
  std::string out;
  while (true) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (kind == kRunningText) line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    out += RoffTextLine(RoffEscape(line, style));
    if (end == std::string_view::npos) return out;
    out += '\n';
    text.remove_prefix(end + 1);
  }
}

}  // namespace

std::string RoffEscape(std::string_view text, bool all_dashes) {
  return RoffEscape(text, RoffStyle{.all_dashes = all_dashes});
}

std::string RoffEscape(std::string_view text, RoffStyle style) {
  std::string out;
  bool in_option = false;  // a word that starts with '-', like --state-dir
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t at = pos;
    char32_t cp = 0;
    if (!DecodeUtf8(text, &pos, &cp)) cp = 0xFFFD;
    if (cp == '-' && !in_option && StartsWord(text, at, style.option_follows)) {
      in_option = true;
      if (style.unbreakable_options) out += "\\%";
    }
    if (cp == ' ' || cp == '\t' || cp == '\n') in_option = false;
    AppendEscaped(cp, style.all_dashes || in_option, style.quote_as_dq, &out);
  }
  return out;
}

std::string RoffText(std::string_view text) { return RoffLines(text, kRunningText); }

std::string RoffCode(std::string_view text) { return RoffLines(text, kCode); }

std::string RoffName(std::string_view name) { return RoffEscape(name, true); }

std::string RoffTextLine(std::string_view escaped) {
  if (!escaped.empty() && (escaped.front() == '.' || escaped.front() == '\'')) {
    return "\\&" + std::string(escaped);
  }
  return std::string(escaped);
}

std::string RoffParagraph(std::string_view text) {
  std::string out;
  bool pending_space = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ".sp\n";
    pending_space = false;
    out += RoffTextLine(RoffEscape(line)) + "\n";
  }
  return out;
}

std::string RoffBold(std::string_view escaped) { return "\\fB" + std::string(escaped) + "\\fR"; }

std::string RoffItalic(std::string_view escaped) { return "\\fI" + std::string(escaped) + "\\fR"; }

}  // namespace evt
