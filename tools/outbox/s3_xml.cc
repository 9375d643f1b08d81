#include "tools/outbox/s3_xml.h"

#include <cstdint>

namespace evt::outbox {
namespace {

// Where the opening tag <name ...> that starts at `open` ends (one past
// '>'), and whether it closes itself; npos when it is not that element.
struct OpenTag {
  std::size_t content = std::string_view::npos;
  bool self_closing = false;
};

OpenTag ReadOpenTag(std::string_view xml, std::size_t open, std::string_view name) {
  std::size_t after_name = open + 1 + name.size();
  if (after_name >= xml.size()) return {};
  char next = xml[after_name];
  if (next != '>' && next != '/' && next != ' ' && next != '\t' && next != '\n' && next != '\r') return {};
  std::size_t close = xml.find('>', after_name);
  if (close == std::string_view::npos) return {};
  return {close + 1, xml[close - 1] == '/'};
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The code point of "#123" or "#x7B"; nullopt for anything else or one
// beyond Unicode (kept as written, then).
std::optional<std::uint32_t> CharacterReference(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return std::nullopt;
  bool hex = ref[1] == 'x' || ref[1] == 'X';
  std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t cp = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

}  // namespace

std::vector<std::string_view> S3XmlElements(std::string_view xml, std::string_view name) {
  std::vector<std::string_view> found;
  if (name.empty()) return found;
  std::string open_prefix = "<" + std::string(name);
  std::string close_tag = "</" + std::string(name) + ">";
  std::size_t pos = 0;
  while ((pos = xml.find(open_prefix, pos)) != std::string_view::npos) {
    OpenTag tag = ReadOpenTag(xml, pos, name);
    if (tag.content == std::string_view::npos) {
      pos += open_prefix.size();
      continue;
    }
    if (tag.self_closing) {
      found.push_back(xml.substr(tag.content, 0));
      pos = tag.content;
      continue;
    }
    std::size_t end = xml.find(close_tag, tag.content);
    if (end == std::string_view::npos) break;
    found.push_back(xml.substr(tag.content, end - tag.content));
    pos = end + close_tag.size();
  }
  return found;
}

std::optional<std::string> S3XmlText(std::string_view xml, std::string_view name) {
  auto elements = S3XmlElements(xml, name);
  if (elements.empty()) return std::nullopt;
  return S3XmlUnescape(elements.front());
}

std::string S3XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i++];
      continue;
    }
    std::string_view ref = text.substr(i + 1, semi - i - 1);
    if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "amp") out += '&';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (auto cp = CharacterReference(ref)) AppendUtf8(out, *cp);
    else {
      out += text[i++];
      continue;
    }
    i = semi + 1;
  }
  return out;
}

std::string S3XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace evt::outbox
