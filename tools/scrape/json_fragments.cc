#include "tools/scrape/json_fragments.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/json_writer.h"

namespace evt::scrape {

// A sample's value as the record writer printed the Value it used to be
// built into: NaN and the infinities as strings, a whole number below 9e15
// as an integer, else the shortest double that reads back the same, with
// ".0" when that looks like an integer.
char* WriteSampleValue(char* out, double v) {
  auto put = [&](std::string_view text) { return static_cast<char*>(std::memcpy(out, text.data(), text.size())) + text.size(); };
  if (std::isnan(v)) return put(R"("NaN")");
  if (std::isinf(v)) return put(v > 0 ? R"("+Inf")" : R"("-Inf")");
  bool whole = v == std::floor(v) && std::fabs(v) < 9e15;
  char* end = kMaxSampleValue + out;
  if (whole) return std::to_chars(out, end, static_cast<std::int64_t>(v)).ptr;
  char* last = std::to_chars(out, end, v).ptr;
  if (std::string_view(out, static_cast<std::size_t>(last - out)).find_first_of(".e") == std::string_view::npos) {
    *last++ = '.';
    *last++ = '0';
  }
  return last;
}

void AppendSampleValue(std::string& out, double v) {
  char buffer[kMaxSampleValue];
  out.append(buffer, WriteSampleValue(buffer, v));
}

namespace {

// Whether any byte of `text` needs the careful path: a control byte, a
// quote, a backslash, or a byte of multi-byte UTF-8 (to be checked). Eight
// bytes at a time: each test below is true exactly when some byte of the
// word matches (the has-zero and has-less-than bit tricks).
bool NeedsCare(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t w) { return (w - kOnes) & ~w & kHigh; };
  auto care = [&](std::uint64_t w) {
    return (w & kHigh) | ((w - 0x20 * kOnes) & ~w & kHigh) | has_zero(w ^ ('"' * kOnes)) | has_zero(w ^ ('\\' * kOnes));
  };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, sizeof w);
    if (care(w)) return true;
  }
  // The last bytes (most label names are all last bytes) in a word padded
  // with a byte that needs none.
  if (i == text.size()) return false;
  std::uint64_t w = 'a' * kOnes;
  std::memcpy(&w, text.data() + i, text.size() - i);
  return care(w) != 0;
}

}  // namespace

// AppendJsonString, with a fast path for the common case of printable
// ASCII without quotes or backslashes, found a word at a time instead of
// by a UTF-8 check and an escaping pass over each byte.
Status AppendJsonText(std::string& out, std::string_view text) {
  if (NeedsCare(text)) return AppendJsonString(out, text);
  out.push_back('"');
  out.append(text);
  out.push_back('"');
  return Status::Ok();
}

Status AppendFamilyMembers(std::string& out, std::string_view source, std::string_view type, std::string_view unit,
                           std::string_view help) {
  out += R"(,"source":)";
  EVT_RETURN_IF_ERROR(AppendJsonText(out, source));
  out += R"(,"type":")";
  out += type;
  out.push_back('"');
  if (!unit.empty()) {
    out += R"(,"unit":)";
    EVT_RETURN_IF_ERROR(AppendJsonText(out, unit));
  }
  if (!help.empty()) {
    out += R"(,"help":)";
    EVT_RETURN_IF_ERROR(AppendJsonText(out, help));
  }
  return Status::Ok();
}

}  // namespace evt::scrape
