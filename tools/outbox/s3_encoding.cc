#include "tools/outbox/s3_encoding.h"

#include <algorithm>

namespace evt::outbox {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

std::string S3UriEncode(std::string_view bytes, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string S3ObjectPath(std::string_view bucket, std::string_view key) {
  return "/" + S3UriEncode(bucket, false) + "/" + S3UriEncode(key, true);
}

std::string S3CanonicalQuery(S3QueryParams params) {
  for (auto& [name, value] : params) {
    name = S3UriEncode(name, false);
    value = S3UriEncode(value, false);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

}  // namespace evt::outbox
