// JWS compact serialization (RFC 7515 §7.1):
// base64url(header) "." base64url(payload) "." base64url(signature).
// What is signed is the received header and payload text, never a
// re-serialization (RFC 7515 A.1's header holds a CRLF that no writer
// would reproduce).
#pragma once

#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/token/key.h"

namespace evt::token {

// Longer tokens are refused before any decoding: a ticket is a few hundred
// bytes, and the limit bounds the work one hostile line can cause.
inline constexpr std::size_t kMaxTokenBytes = 16 * 1024;

struct DecodedJws {
  Value header;                    // parsed; duplicate members refused
  std::string payload;             // decoded bytes, not yet interpreted
  std::string signature;           // decoded bytes
  std::string_view signing_input;  // header "." payload, into the token
};

// Splits and decodes a compact JWS. Errors (DataErr) name the part: "token:
// expected 3 parts separated by '.', got 2", "header: invalid base64url:
// ...", the JSON parser's message for the header, "signature: ...".
// REQUIRES: `token` outlives the result (signing_input points into it).
Result<DecodedJws> DecodeCompact(std::string_view token);
// The same with a parser kept between tokens, which saves its set-up.
Result<DecodedJws> DecodeCompact(std::string_view token, JsonParser& parser);

// The last header a stream decoded: tokens from one signer share the same
// header text, so the next one with it skips decoding and parsing it. Only
// headers that parsed are kept, and equal text always parses equal.
struct HeaderCache {
  std::string encoded;  // the base64url header part
  Value header;
};
// DecodeCompact with `cache` consulted and updated.
Result<DecodedJws> DecodeCompact(std::string_view token, JsonParser& parser, HeaderCache& cache);

// Parses decoded JSON bytes such as a header or a payload with `parser`;
// `text` gets the padding the parser needs and loses it again.
Result<Value> ParseDecodedJson(std::string& text, std::string_view source, JsonParser& parser);

// Signs `header_json` and `payload` byte for byte as given.
// REQUIRES: header_json is the JSON the header "alg" of which is `alg`.
// Fails (Usage) when the key cannot sign `alg`.
Result<std::string> SignCompactRaw(std::string_view header_json, std::string_view payload, const Key& key, Alg alg);

// Serializes `header` (an object whose "alg" the key admits) compactly and
// signs it with `payload`.
Result<std::string> SignCompact(const Value& header, std::string_view payload, const Key& key);

}  // namespace evt::token
