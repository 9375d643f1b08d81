#include "common/utf8.h"

#include <simdjson.h>

namespace evt {
namespace {

struct SequenceShape {
  int length;       // 0: the byte cannot start a sequence
  char32_t min_cp;  // anything smaller is an overlong form
};

SequenceShape ShapeOf(unsigned char lead) {
  if (lead < 0x80) return {1, 0};
  if (lead >= 0xC2 && lead < 0xE0) return {2, 0x80};
  if (lead >= 0xE0 && lead < 0xF0) return {3, 0x800};
  if (lead >= 0xF0 && lead < 0xF5) return {4, 0x10000};
  return {0, 0};
}

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Most strings in records are ASCII; this loop vectorizes, while a call to
// simdjson's validator costs more than a short string does.
bool IsAscii(std::string_view s) {
  unsigned char seen = 0;
  for (char c : s) seen |= static_cast<unsigned char>(c);
  return seen < 0x80;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  return IsAscii(text) || simdjson::validate_utf8(text.data(), text.size());
}

std::size_t FindInvalidUtf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t at = pos;
    if (!DecodeUtf8(text, &pos, &cp)) return at;
  }
  return std::string_view::npos;
}

std::string ToValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  char32_t cp = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t at = pos;
    if (DecodeUtf8(text, &pos, &cp)) {
      out.append(text.substr(at, pos - at));
    } else {
      AppendUtf8(0xFFFD, &out);
    }
  }
  return out;
}

bool DecodeUtf8(std::string_view text, std::size_t* pos, char32_t* cp) {
  const auto lead = static_cast<unsigned char>(text[*pos]);
  const auto [length, min_cp] = ShapeOf(lead);
  if (length == 0 || *pos + length > text.size()) {
    ++*pos;
    return false;
  }
  char32_t value = length == 1 ? lead : lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[*pos + i]);
    if (!IsContinuation(byte)) {
      ++*pos;
      return false;
    }
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < min_cp || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    ++*pos;
    return false;
  }
  *pos += length;
  *cp = value;
  return true;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t Utf8CutPoint(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t n = max_bytes;
  while (n > 0 && IsContinuation(static_cast<unsigned char>(text[n]))) --n;
  return n;
}

}  // namespace evt
