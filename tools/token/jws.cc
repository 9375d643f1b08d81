#include "tools/token/jws.h"

#include <utility>

#include "common/json_writer.h"
#include "tools/token/base64url.h"

namespace evt::token {
namespace {

Status WrongShape(std::size_t dots) {
  return Status::DataErr("token: expected 3 parts separated by '.', got " + std::to_string(dots + 1));
}

Result<DecodedJws> Decode(std::string_view token, JsonParser& parser, HeaderCache* cache);

}  // namespace

Result<Value> ParseDecodedJson(std::string& text, std::string_view source, JsonParser& parser) {
  std::size_t size = text.size();
  text.append(kJsonPadding, ' ');
  Result<Value> value = parser.Parse(std::string_view(text.data(), size), source, 1);
  text.resize(size);
  return value;
}

Result<DecodedJws> DecodeCompact(std::string_view token) {
  JsonParser parser;
  return DecodeCompact(token, parser);
}

Result<DecodedJws> DecodeCompact(std::string_view token, JsonParser& parser) {
  return Decode(token, parser, nullptr);
}

Result<DecodedJws> DecodeCompact(std::string_view token, JsonParser& parser, HeaderCache& cache) {
  return Decode(token, parser, &cache);
}

namespace {

Result<DecodedJws> Decode(std::string_view token, JsonParser& parser, HeaderCache* cache) {
  if (token.size() > kMaxTokenBytes) {
    return Status::DataErr("token: " + std::to_string(token.size()) + " bytes, over the limit of " +
                           std::to_string(kMaxTokenBytes));
  }
  std::size_t first = token.find('.');
  std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return WrongShape(first == std::string_view::npos ? 0 : 1);
  if (token.find('.', second + 1) != std::string_view::npos) {
    std::size_t dots = 0;
    for (char c : token) dots += c == '.';
    return WrongShape(dots);
  }
  if (first == 0) return Status::DataErr("token: the header part is empty");
  DecodedJws jws;
  std::string_view encoded_header = token.substr(0, first);
  if (cache != nullptr && !cache->encoded.empty() && cache->encoded == encoded_header) {
    jws.header = cache->header;
  } else {
    Result<std::string> header_json = Base64UrlDecode(encoded_header, "header");
    if (!header_json.ok()) return header_json.status();
    Result<Value> header = ParseDecodedJson(*header_json, "header", parser);
    if (!header.ok()) return header.status();
    // RFC 7515 4: the JOSE header is a JSON object; `decode` must not show a
    // number or a string as one.
    if (!header->is_object()) {
      return Status::DataErr("header: expected a JSON object, got " + std::string(header->type_name()));
    }
    jws.header = std::move(*header);
    if (cache != nullptr) {
      cache->encoded = encoded_header;
      cache->header = jws.header;
    }
  }
  Result<std::string> payload = Base64UrlDecode(token.substr(first + 1, second - first - 1), "payload");
  if (!payload.ok()) return payload.status();
  jws.payload = std::move(*payload);
  Result<std::string> signature = Base64UrlDecode(token.substr(second + 1), "signature");
  if (!signature.ok()) return signature.status();
  jws.signature = std::move(*signature);
  jws.signing_input = token.substr(0, second);
  return jws;
}

}  // namespace

Result<std::string> SignCompactRaw(std::string_view header_json, std::string_view payload, const Key& key, Alg alg) {
  std::string token = Base64UrlEncode(header_json);
  token += '.';
  token += Base64UrlEncode(payload);
  Result<std::string> signature = key.Sign(alg, token);
  if (!signature.ok()) return signature.status();
  token += '.';
  token += Base64UrlEncode(*signature);
  return token;
}

Result<std::string> SignCompact(const Value& header, std::string_view payload, const Key& key) {
  const Value* alg_name = header.find("alg");
  if (alg_name == nullptr || !alg_name->is_string()) return Status::Usage("header \"alg\": missing");
  std::optional<Alg> alg = ParseAlg(alg_name->as_string());
  if (!alg) return Status::Usage("header \"alg\": \"" + alg_name->as_string() + "\" is not supported");
  Result<std::string> header_json = ToJson(header);
  if (!header_json.ok()) return header_json.status();
  return SignCompactRaw(*header_json, payload, key, *alg);
}

}  // namespace evt::token
