#include "tools/token/jwk_thumbprint.h"

#include <openssl/evp.h>

#include <array>
#include <initializer_list>
#include <span>
#include <utility>

#include "tools/token/base64url.h"
#include "tools/token/secret_bytes.h"

namespace evt::token {
namespace {

void AppendCanonicalString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

// REQUIRES: members sorted by name.
std::string CanonicalObject(std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
  std::string out = "{";
  for (const auto& [name, value] : members) {
    if (out.size() > 1) out += ',';
    AppendCanonicalString(out, name);
    out += ':';
    AppendCanonicalString(out, value);
  }
  out += '}';
  return out;
}

std::string Sha256Base64Url(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  // SHA-256 over memory cannot fail short of memory exhaustion; an all-zero
  // digest would then make a wrong but harmless kid, never a wrong key.
  EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Result<std::string_view> RequiredString(const Value& jwk, std::string_view name) {
  const Value* v = jwk.find(name);
  if (v == nullptr) return Status::DataErr("\"" + std::string(name) + "\": missing");
  if (!v->is_string()) {
    return Status::DataErr("\"" + std::string(name) + "\": expected a string, got " + std::string(v->type_name()));
  }
  return std::string_view(v->as_string());
}

}  // namespace

std::string Ed25519ThumbprintInput(std::string_view public_bytes) {
  std::string x = Base64UrlEncode(public_bytes);
  return CanonicalObject({{"crv", "Ed25519"}, {"kty", "OKP"}, {"x", x}});
}

std::string Ed25519Thumbprint(std::string_view public_bytes) {
  return Sha256Base64Url(Ed25519ThumbprintInput(public_bytes));
}

std::string OctThumbprint(std::string_view secret) {
  std::string k = Base64UrlEncode(secret);
  std::string input = CanonicalObject({{"k", k}, {"kty", "oct"}});
  std::string thumbprint = Sha256Base64Url(input);
  WipeString(k);
  WipeString(input);
  return thumbprint;
}

namespace {

// RFC 7638 §3.2: the required members of each key type, sorted.
std::span<const std::string_view> RequiredMembers(std::string_view kty) {
  static constexpr std::string_view kRsa[] = {"e", "kty", "n"};
  static constexpr std::string_view kEc[] = {"crv", "kty", "x", "y"};
  static constexpr std::string_view kOkp[] = {"crv", "kty", "x"};
  static constexpr std::string_view kOct[] = {"k", "kty"};
  if (kty == "RSA") return kRsa;
  if (kty == "EC") return kEc;
  if (kty == "OKP") return kOkp;
  if (kty == "oct") return kOct;
  return {};
}

}  // namespace

Result<std::string> JwkThumbprintInput(const Value& jwk) {
  Result<std::string_view> kty = RequiredString(jwk, "kty");
  if (!kty.ok()) return kty.status();
  std::span<const std::string_view> names = RequiredMembers(*kty);
  if (names.empty()) {
    return Status::DataErr("\"kty\": no thumbprint is defined for key type \"" + std::string(*kty) + "\"");
  }
  std::string out = "{";
  for (std::string_view name : names) {
    Result<std::string_view> value = RequiredString(jwk, name);
    if (!value.ok()) return value.status();
    if (out.size() > 1) out += ',';
    AppendCanonicalString(out, name);
    out += ':';
    AppendCanonicalString(out, *value);
  }
  out += '}';
  return out;
}

Result<std::string> JwkThumbprint(const Value& jwk) {
  Result<std::string> input = JwkThumbprintInput(jwk);
  if (!input.ok()) return input.status();
  return Sha256Base64Url(*input);
}

}  // namespace evt::token
