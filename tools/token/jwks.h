// JWK Sets (RFC 7517 §5): {"keys":[...]}. A gate that only verifies loads
// one and holds no private key; keys evt cannot use (RSA, EC, Ed448, "use":
// "enc") are skipped and reported, a malformed key is an error naming its
// index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/token/key_set.h"

namespace evt::token {

enum class SecretKeys {
  kRefuse,  // a public set: a key with "d" or an oct secret is an error
  kAllow,   // a private set (a key ring export, HS256 secrets)
};

struct LoadedJwks {
  KeySet keys;
  // One line per skipped key: "keys[3]: \"kty\": \"RSA\" is not supported ..."
  std::vector<std::string> skipped;
};

// Keys from a parsed JWKS document. Errors are DataErr reading
// "source: keys[2]: \"x\": ..." (or "source: \"keys\": ..." for the list
// itself); a kid used twice is an error too.
Result<LoadedJwks> JwksFromValue(const Value& doc, std::string_view source, SecretKeys secrets);

// Parses JWKS text (duplicate JSON members refused) and loads it as
// JwksFromValue does. JSON errors read "source:line: ...".
Result<LoadedJwks> ParseJwks(std::string_view text, std::string_view source, SecretKeys secrets);

// The public JWKS of `keys`, as `evt-token jwks` prints it: Ed25519 keys'
// public halves in set order; HS256 secrets, having no public form, are
// left out.
Value PublicJwks(const KeySet& keys);

}  // namespace evt::token
