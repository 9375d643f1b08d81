// Ed25519 keys as PEM: PKCS#8 "PRIVATE KEY" (RFC 5958, 8410) and SPKI
// "PUBLIC KEY" (RFC 5280, 8410), the forms `openssl genpkey -algorithm
// ed25519` and `openssl pkey -pubout` write.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "tools/token/ed25519_key.h"
#include "tools/token/secret_bytes.h"

namespace evt::token {

// Reads the first PEM block of `pem`: a PKCS#8 private key or an SPKI public
// key, which must be Ed25519. Encrypted PKCS#8 and other PEM types (RSA
// PRIVATE KEY, CERTIFICATE, ...) are refused by name. Errors are DataErr
// reading "source: ...".
Result<Ed25519Key> Ed25519KeyFromPem(std::string_view pem, std::string_view source);

// REQUIRES: key.has_private(). Unencrypted PKCS#8, as secret bytes: the
// caller decides where they may go (a 0600 file, never a log).
Result<SecretBytes> PrivateKeyToPem(const Ed25519Key& key);

// The SPKI "PUBLIC KEY" PEM of any Ed25519 key, private or public.
Result<std::string> PublicKeyToPem(const Ed25519Key& key);

}  // namespace evt::token
