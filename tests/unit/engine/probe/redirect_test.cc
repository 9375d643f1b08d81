#include <catch2/catch.hpp>

#include "engine/probe/headers.h"

namespace evt::probe {
namespace {

TEST_CASE("headers: only harmless headers cross to another origin") {
  CHECK(KeptAcrossOrigins("Accept: application/json", {}));
  CHECK(KeptAcrossOrigins("content-type:text/plain", {}));
  CHECK(KeptAcrossOrigins("User-Agent;", {}));
  CHECK_FALSE(KeptAcrossOrigins("Accept-Language: de-sk-1", {"accept-language"}));
  for (const char* line : {"Authorization: Bearer t", "Cookie: s=1", "Proxy-Authorization: Basic x", "X-API-Key: k",
                           "X-Shop-Session: s", "Host: other.example"})
    CHECK_FALSE(KeptAcrossOrigins(line, {}));
}

}  // namespace
}  // namespace evt::probe
