// base64url without padding (RFC 7515 §2, RFC 4648 §5), decoded strictly:
// every text has exactly one accepted spelling, so a token's bytes cannot be
// varied without changing what they decode to.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::token {

// The unpadded base64url spelling of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes the canonical unpadded base64url text of some bytes. Rejects '=',
// '+', '/', whitespace and any other character outside [A-Za-z0-9_-], a
// length that leaves a single character over (length % 4 == 1) and non-zero
// unused bits in the last character (RFC 4648 §3.5). Errors are DataErr
// reading "what: ..." (what names the field, e.g. "signature").
Result<std::string> Base64UrlDecode(std::string_view text, std::string_view what);

}  // namespace evt::token
