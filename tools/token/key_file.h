// Key files in and out: reading a JWK, JWK set or PEM file (or stdin), and
// writing an export to a new file only its owner can read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/token/key.h"
#include "tools/token/secret_bytes.h"

namespace evt::token {

// Key files are small; anything bigger is not one.
inline constexpr std::size_t kMaxKeyFileBytes = 1 << 20;

// The whole of `path` ("-": stdin). NoInput when missing or unreadable,
// DataErr when over kMaxKeyFileBytes. The bytes are wiped when dropped.
Result<SecretBytes> ReadKeyFile(const std::string& path);

// DataErr unless only its owner can read `path` ("-" passes): a file that
// holds a private key or secret must be mode 0600 or stricter.
Status CheckPrivateKeyFileMode(const std::string& path);

// The keys in a key file's text, by its form: "-----BEGIN" starts PEM (a
// PKCS#8 private or SPKI public Ed25519 key), an object with "keys" is a
// JWK set, any other object one JWK. `kid`, when not empty, names a single
// key (PEM keys have no kid of their own; they default to the thumbprint).
// Errors are DataErr naming `source`; Usage for a kid given to a set.
Result<std::vector<Key>> ParseKeyFile(std::string_view text, std::string_view source, const std::string& kid);

// Creates `path` with mode 0600 (never replacing a file) and writes `bytes`.
// IoErr naming the path on failure, the half-written file removed.
Status WriteNewPrivateFile(const std::string& path, std::string_view bytes);

}  // namespace evt::token
