// UTF-8 as RFC 3629 defines it, with one meaning everywhere: a sequence is
// valid when it is the shortest form of a code point up to U+10FFFF that is
// not a UTF-16 surrogate. Overlong forms, surrogates, code points past
// U+10FFFF, stray continuation bytes and truncated sequences are invalid.
// JSON output, records, exposition labels and terminal text all ask here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evt {

bool IsValidUtf8(std::string_view text);

// The offset of the first byte that does not start a valid sequence, or
// std::string_view::npos when the whole text is valid.
std::size_t FindInvalidUtf8(std::string_view text);

// The text with each byte that is not part of a valid sequence replaced by
// U+FFFD, for text that must be shown or recorded whatever it holds.
std::string ToValidUtf8(std::string_view text);

// Decodes the character at *pos into *cp and advances *pos past it. Where the
// bytes at *pos are not valid, returns false and advances one byte.
// REQUIRES: *pos < text.size()
bool DecodeUtf8(std::string_view text, std::size_t* pos, char32_t* cp);

// Appends the encoding of `cp` (up to U+10FFFF; a surrogate is encoded as
// its three bytes, which the caller must not let into a record).
void AppendUtf8(char32_t cp, std::string* out);

// The largest n <= max_bytes that does not fall inside a character, so that
// text.substr(0, n) of valid text stays valid.
std::size_t Utf8CutPoint(std::string_view text, std::size_t max_bytes);

}  // namespace evt
