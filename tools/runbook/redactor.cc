#include "tools/runbook/redactor.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace evt::runbook {
namespace {

// Shorter encodings would cut ordinary words and numbers out of the logs.
constexpr std::size_t kMinEncodedSize = 6;

std::string Hex(std::string_view bytes, const char* digits) {
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Percent-encoding of everything but RFC 3986's unreserved characters; with
// `plus`, a space is '+' as in a form body.
std::string UrlEncoded(std::string_view bytes, const char* digits, bool plus) {
  std::string out;
  for (unsigned char c : bytes) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else if (plus && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string Base64(std::string_view bytes, const char* alphabet) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += alphabet[(bits >> count) & 63];
    }
  }
  if (count > 0) out += alphabet[(bits << (6 - count)) & 63];
  return out;
}

// The base64 characters that depend on the secret's bytes alone, for each
// of the three offsets it can start at inside longer encoded data (a
// "user:password" in a Basic header): what is left after dropping the
// characters shared with the bytes before and after it.
std::vector<std::string> Base64Cores(std::string_view secret, const char* alphabet) {
  std::vector<std::string> cores;
  for (std::size_t offset = 0; offset < 3; ++offset) {
    std::string shifted(offset, '\0');
    shifted += secret;
    std::string encoded = Base64(shifted, alphabet);
    std::size_t first = (8 * offset + 5) / 6;
    std::size_t end = 8 * shifted.size() / 6;
    if (end > first) cores.push_back(encoded.substr(first, end - first));
  }
  return cores;
}

// What a secret commonly looks like once encoded for a header, a URL or a
// dump: base64 (standard and URL-safe, at any alignment), hex in either
// case, and URL encoding.
std::vector<std::string> Encodings(std::string_view secret) {
  static constexpr const char* kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr const char* kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::string> out = Base64Cores(secret, kStandard);
  for (std::string& core : Base64Cores(secret, kUrlSafe)) out.push_back(std::move(core));
  out.push_back(Hex(secret, "0123456789abcdef"));
  out.push_back(Hex(secret, "0123456789ABCDEF"));
  for (bool plus : {false, true}) {
    out.push_back(UrlEncoded(secret, "0123456789ABCDEF", plus));
    out.push_back(UrlEncoded(secret, "0123456789abcdef", plus));
  }
  return out;
}

}  // namespace

Redactor::~Redactor() {
  for (std::string& s : secrets_) std::fill(s.begin(), s.end(), '\0');
}

void Redactor::Add(std::string secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  for (std::string& encoded : Encodings(secret)) {
    if (encoded.size() < kMinEncodedSize || encoded == secret) continue;
    if (std::find(secrets_.begin(), secrets_.end(), encoded) == secrets_.end()) secrets_.push_back(std::move(encoded));
  }
  secrets_.push_back(std::move(secret));
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::Apply(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    std::size_t at = 0;
    while ((at = out.find(secret, at)) != std::string::npos) {
      out.replace(at, secret.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

Value Redactor::ApplyToValue(const Value& v) const {
  if (secrets_.empty()) return v;
  switch (v.type()) {
    case Value::Type::kString:
      return Value(Apply(v.as_string()));
    case Value::Type::kArray: {
      Array items;
      for (const Value& item : v.as_array()) items.push_back(ApplyToValue(item));
      return Value(std::move(items));
    }
    case Value::Type::kObject: {
      Object members;
      for (const auto& [key, value] : v.as_object()) members.emplace_back(Apply(key), ApplyToValue(value));
      return Value(std::move(members));
    }
    default:
      return v;
  }
}

}  // namespace evt::runbook
