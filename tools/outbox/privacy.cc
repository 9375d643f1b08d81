#include "tools/outbox/privacy.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "common/json_writer.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kUntouchable[] = {"kind", "v", "ts", "id"};
constexpr std::size_t kPseudonymHexDigits = 32;

Result<std::vector<std::string>> ReadPaths(const ConfigObject& o, std::string_view key) {
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> paths, o.StringArray(key, {}));
  for (const std::string& path : paths) {
    if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos)
      return o.Error(key, "expected dotted field paths such as \"headers.cookie\", got \"" + path + "\"");
    if (std::find(std::begin(kUntouchable), std::end(kUntouchable), path) != std::end(kUntouchable))
      return o.Error(key, "\"" + path + "\" cannot be changed: kind, v, ts and id are how records are read and "
                          "deduplicated");
  }
  return paths;
}

// The object holding the last step of `path`, and that step; nullptr when
// a step on the way is missing or not an object.
std::pair<Value*, std::string_view> Parent(Value& record, std::string_view path) {
  Value* at = &record;
  std::size_t dot;
  while ((dot = path.find('.')) != std::string_view::npos) {
    at = at->find(path.substr(0, dot));
    if (at == nullptr || !at->is_object()) return {nullptr, {}};
    path.remove_prefix(dot + 1);
  }
  return {at, path};
}

Value* FieldAt(Value& record, std::string_view path) {
  auto [parent, name] = Parent(record, path);
  return parent == nullptr ? nullptr : parent->find(name);
}

void DropField(Value& record, std::string_view path) {
  const auto [parent, name] = Parent(record, path);
  if (parent == nullptr) return;
  const std::string_view field = name;  // clang 14 cannot capture a structured binding
  std::erase_if(parent->as_object(), [field](const Member& m) { return m.first == field; });
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

// "1.2.3.4:80" → address "1.2.3.4", suffix ":80"; "[::1]:80" → "::1",
// "[", "]:80". A bare IPv6 address has colons but no brackets.
struct SplitAddress {
  std::string host;
  std::string prefix;
  std::string suffix;
};

SplitAddress Split(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close != std::string_view::npos)
      return {std::string(text.substr(1, close - 1)), "[", std::string(text.substr(close))};
  }
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos)
    return {std::string(text.substr(0, colon)), "", std::string(text.substr(colon))};
  return {std::string(text), "", ""};
}

bool IsPortSuffix(std::string_view suffix, bool bracketed) {
  if (bracketed) {
    if (suffix == "]") return true;
    if (suffix.size() < 3 || suffix.substr(0, 2) != "]:") return false;
    suffix.remove_prefix(2);
  } else {
    if (suffix.empty()) return true;
    if (suffix.size() < 2) return false;
    suffix.remove_prefix(1);
  }
  return suffix.size() <= 5 && std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> TruncatedHost(const std::string& host, bool bracketed) {
  std::array<unsigned char, 16> bytes{};
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (!bracketed && inet_pton(AF_INET, host.c_str(), bytes.data()) == 1) {
    bytes[3] = 0;
    return std::string(inet_ntop(AF_INET, bytes.data(), text.data(), text.size()));
  }
  if (inet_pton(AF_INET6, host.c_str(), bytes.data()) == 1) {
    std::fill(bytes.begin() + 6, bytes.end(), 0);
    return std::string(inet_ntop(AF_INET6, bytes.data(), text.data(), text.size()));
  }
  return std::nullopt;
}

// A string by its text, anything else by its compact JSON; a value ToJson
// cannot write (never one parsed from a line) by its type's name.
std::string PseudonymisedText(const Value& v) {
  if (v.is_string()) return v.as_string();
  Result<std::string> json = ToJson(v);
  return json.ok() ? *json : std::string(v.type_name());
}

}  // namespace

Result<PrivacySpec> ReadPrivacySpec(const ConfigObject& o, const std::string& folder) {
  PrivacySpec spec;
  EVT_ASSIGN_OR_RETURN(spec.drop, ReadPaths(o, "drop"));
  EVT_ASSIGN_OR_RETURN(spec.pseudonymise, ReadPaths(o, "pseudonymise"));
  EVT_ASSIGN_OR_RETURN(spec.truncate_ip, ReadPaths(o, "truncate_ip"));
  const Value* key = o.Raw("key");
  if (key != nullptr && !key->is_object())
    return o.Error("key", "expected {\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}");
  if (key != nullptr) spec.key = PrivacyKeySpec{*key, o.Where("key"), folder};
  if (!spec.pseudonymise.empty() && !spec.key)
    return o.Error("pseudonymise needs \"key\": {\"file\": PATH} (mode 0600), the site's secret every kiosk shares");
  return spec;
}

std::string Pseudonym(const std::string& key, std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac.data(), &length);
  return "hmac:" + Hex(mac.data(), kPseudonymHexDigits / 2);
}

std::optional<std::string> TruncatedIp(std::string_view text) {
  const SplitAddress split = Split(text);
  const bool bracketed = !split.prefix.empty();
  if (!IsPortSuffix(split.suffix, bracketed)) return std::nullopt;
  std::optional<std::string> host = TruncatedHost(split.host, bracketed);
  if (!host) return std::nullopt;
  return split.prefix + *host + split.suffix;
}

Result<Privacy> Privacy::Make(const PrivacySpec& spec, const EnvLookup& env) {
  if (!spec.key || spec.pseudonymise.empty()) return Privacy(spec, std::nullopt);
  EVT_ASSIGN_OR_RETURN(Secret key, ResolveSecret(spec.key->spec, spec.key->where, spec.key->folder, env));
  return Privacy(spec, std::move(key));
}

void Privacy::Apply(Value& record) const {
  for (const std::string& path : spec_.drop) DropField(record, path);
  for (const std::string& path : spec_.pseudonymise) {
    Value* field = FieldAt(record, path);
    if (field == nullptr || field->is_null()) continue;
    *field = Pseudonym(key_->bytes(), PseudonymisedText(*field));
  }
  for (const std::string& path : spec_.truncate_ip) {
    Value* field = FieldAt(record, path);
    if (field == nullptr || !field->is_string()) continue;
    if (std::optional<std::string> truncated = TruncatedIp(field->as_string())) *field = *truncated;
  }
}

}  // namespace evt::outbox
