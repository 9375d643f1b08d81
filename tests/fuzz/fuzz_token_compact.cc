// Feeds arbitrary bytes to evt-token as a compact JWS: the decoder and the
// whole verifier against a fixed Ed25519 key and HS256 secret. Nothing may
// crash or hang; a token accepted by DecodeCompact must re-encode to the
// same text (base64url is canonical), and no verdict may be ok (the fuzzer
// cannot forge signatures), with claims only ever on an ok verdict.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/json_writer.h"
#include "tools/token/base64url.h"
#include "tools/token/jws.h"
#include "tools/token/verifier.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

evt::token::KeySet MakeKeys() {
  evt::token::KeySet keys;
  auto seed = evt::token::Base64UrlDecode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", "d");
  auto ed = evt::token::Ed25519Key::FromSeed(*seed);
  Require(ed.ok());
  Require(keys.Add(evt::token::Key(*ed, "ed")).ok());
  auto hmac = evt::token::HmacKey::FromSecret(std::string(32, 'k'));
  Require(hmac.ok());
  Require(keys.Add(evt::token::Key(*hmac, "hs")).ok());
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const evt::token::KeySet keys = MakeKeys();
  static evt::token::TokenVerifier verifier{evt::token::VerifyOptions{
      {{evt::token::Alg::kEdDSA, evt::token::Alg::kEd25519, evt::token::Alg::kHS256}, std::nullopt}, {}}};
  std::string_view token(reinterpret_cast<const char*>(data), size);

  auto decoded = evt::token::DecodeCompact(token);
  if (decoded.ok()) {
    std::string_view header_b64 = token.substr(0, token.find('.'));
    auto header_bytes = evt::token::Base64UrlDecode(header_b64, "header");
    Require(header_bytes.ok());
    Require(evt::token::Base64UrlEncode(*header_bytes) == header_b64);
    Require(decoded->header.is_object());
  } else {
    Require(decoded.status().code() == evt::ExitCode::kDataErr);
  }

  evt::token::Verdict v = verifier.Verify(token, keys, evt::TimePoint(std::chrono::seconds(1'800'000'000)));
  Require(!v.ok());
  Require(v.claims.is_null());
  Require(!v.detail.empty());
  return 0;
}
