#include "tools/token/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tools/token/constant_time.h"

namespace evt::token {
namespace {

const EVP_MD* Digest(TotpHash hash) {
  switch (hash) {
    case TotpHash::kSha1: return EVP_sha1();
    case TotpHash::kSha256: return EVP_sha256();
    case TotpHash::kSha512: return EVP_sha512();
  }
  return EVP_sha1();
}

Result<std::string> Hmac(const EVP_MD* md, std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), out, &size) == nullptr) {
    return Status::Internal("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

Result<std::string> Hotp(std::string_view secret, std::uint64_t counter, int digits, TotpHash hash) {
  if (digits < 6 || digits > 10) return Status::Internal("HOTP: digits must be 6 to 10");
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  Result<std::string> mac = Hmac(Digest(hash), secret, std::string_view(reinterpret_cast<char*>(message), 8));
  if (!mac.ok()) return mac.status();
  const auto* h = reinterpret_cast<const unsigned char*>(mac->data());
  std::size_t offset = h[mac->size() - 1] & 0x0f;
  std::uint64_t binary = (static_cast<std::uint64_t>(h[offset] & 0x7f) << 24) |
                         (static_cast<std::uint64_t>(h[offset + 1]) << 16) |
                         (static_cast<std::uint64_t>(h[offset + 2]) << 8) | h[offset + 3];
  std::uint64_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::int64_t TotpStep(std::int64_t unix_seconds, std::int64_t step_seconds) {
  std::int64_t step = unix_seconds / step_seconds;
  if (unix_seconds < 0 && unix_seconds % step_seconds != 0) --step;
  return step;
}

Result<std::string> TicketCodeSecret(std::string_view code_key, std::string_view jti) {
  return Hmac(EVP_sha256(), code_key, jti);
}

Result<std::optional<std::int64_t>> MatchTicketCode(std::string_view ticket_secret, std::string_view code,
                                                    std::int64_t now_step, int drift) {
  std::optional<std::int64_t> matched;
  for (std::int64_t step = now_step - drift; step <= now_step + drift; ++step) {
    if (step < 0) continue;
    Result<std::string> expected = Hotp(ticket_secret, static_cast<std::uint64_t>(step), kTicketCodeDigits);
    if (!expected.ok()) return expected.status();
    if (ConstantTimeEqual(*expected, code) && !matched) matched = step;
  }
  return matched;
}

}  // namespace evt::token
