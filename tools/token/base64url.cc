#include "tools/token/base64url.h"

#include <array>
#include <cstdint>

#include "tools/token/secret_bytes.h"

namespace evt::token {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::int8_t kInvalid = -1;

constexpr std::array<std::int8_t, 256> MakeDecodeTable() {
  std::array<std::int8_t, 256> table{};
  table.fill(kInvalid);
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr std::array<std::int8_t, 256> kDecode = MakeDecodeTable();

std::string DescribeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
}

Status BadChar(std::string_view what, std::string_view text, std::size_t i) {
  std::string hint;
  if (text[i] == '=') hint = " (padding is not allowed)";
  if (text[i] == '+' || text[i] == '/') hint = " (that is base64, not base64url)";
  return Status::DataErr(std::string(what) + ": invalid base64url: " + DescribeChar(text[i]) +
                         " at offset " + std::to_string(i) + hint);
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t n = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
  out += kAlphabet[n >> 18];
  out += kAlphabet[(n >> 12) & 63];
  if (rest == 2) out += kAlphabet[(n >> 6) & 63];
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text, std::string_view what) {
  std::string out(text.size() * 3 / 4, '\0');
  char* dst = out.data();
  // Whole groups of 4 characters (3 bytes) first; the first invalid
  // character drops to the loop below, which reports it.
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return kDecode[static_cast<unsigned char>(text[k])]; };
  for (; i + 4 <= text.size(); i += 4) {
    std::int8_t a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    if ((a | b | c | d) < 0) break;
    auto group = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    *dst++ = static_cast<char>(group >> 16);
    *dst++ = static_cast<char>((group >> 8) & 0xff);
    *dst++ = static_cast<char>(group & 0xff);
  }
  std::uint32_t bits = 0;
  int nbits = 0;
  for (; i < text.size(); ++i) {
    std::int8_t v = kDecode[static_cast<unsigned char>(text[i])];
    if (v == kInvalid) {
      WipeString(out);  // the text may be a key ("d", "k") cut short
      return BadChar(what, text, i);
    }
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      *dst++ = static_cast<char>((bits >> nbits) & 0xff);
    }
  }
  if (text.size() % 4 == 1) {
    WipeString(out);
    return Status::DataErr(std::string(what) + ": invalid base64url: length " +
                           std::to_string(text.size()) + " leaves a single character over");
  }
  // What is left is the unused low bits of the last character; the one
  // canonical spelling has them zero.
  if ((bits & ((1u << nbits) - 1)) != 0) {
    WipeString(out);
    return Status::DataErr(std::string(what) + ": invalid base64url: non-zero trailing bits in '" +
                           text.back() + "' (not the canonical encoding)");
  }
  return out;
}

}  // namespace evt::token
