// Feeds arbitrary bytes to ParseJson and canonicalizes what it accepts
// (RFC 8785). Whatever the parser accepts has a canonical form; reading
// that form back, where the reader takes it (an integral double such as
// 1e20 comes back as a 21-digit integer, which it refuses), gives the same
// form again; and a value is always the same content as itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/canonical_json.h"
#include "common/json_parse.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::Value> value = evt::ParseJson(text, "fuzz.json");
  if (!value.ok()) return 0;
  evt::Result<std::string> canonical = evt::CanonicalJson(*value);
  Require(canonical.ok());
  Require(evt::SameCanonicalJson(*value, *value));
  evt::Result<evt::Value> back = evt::ParseJson(*canonical, "canonical");
  if (!back.ok()) {
    Require(back.status().message().find("out of range") != std::string::npos);
    return 0;
  }
  evt::Result<std::string> again = evt::CanonicalJson(*back);
  Require(again.ok());
  Require(*again == *canonical);
  return 0;
}
