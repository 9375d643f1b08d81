// Rotating ticket codes: RFC 6238 TOTP over a per-ticket secret.
//
// The per-ticket secret is HMAC-SHA256(code key, jti): the issuer and the
// gates share the code key (token.code in the config), a wallet is given
// only its ticket's secret, and a verify-only gate holds no signing key.
// Codes are HMAC-SHA1 (RFC 4226 dynamic truncation), 6 digits, on the
// configured step (15 s by default), the form Google Wallet's
// RotatingBarcode (TOTP_SHA1) and SafeTix use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::token {

enum class TotpHash { kSha1, kSha256, kSha512 };

// RFC 4226 HOTP of `counter`, zero-padded to `digits` (6 to 10).
Result<std::string> Hotp(std::string_view secret, std::uint64_t counter, int digits, TotpHash hash = TotpHash::kSha1);

// RFC 6238: the TOTP step of Unix time `unix_seconds` (T0 = 0).
std::int64_t TotpStep(std::int64_t unix_seconds, std::int64_t step_seconds);

// HMAC-SHA256(code_key, jti): the ticket's own code secret.
Result<std::string> TicketCodeSecret(std::string_view code_key, std::string_view jti);

inline constexpr int kTicketCodeDigits = 6;

// The step within `drift` steps of `now_step` whose code is `code`
// (compared in constant time), or nullopt.
Result<std::optional<std::int64_t>> MatchTicketCode(std::string_view ticket_secret, std::string_view code,
                                                    std::int64_t now_step, int drift);

}  // namespace evt::token
