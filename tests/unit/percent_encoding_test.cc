#include "common/percent_encoding.h"

#include <catch2/catch.hpp>
#include <string>

namespace evt {
namespace {

TEST_CASE("percent encoding: unreserved characters stay, the rest is %XX", "[percent_encoding]") {
  CHECK(PercentEncoded("AZaz09-._~") == "AZaz09-._~");
  CHECK(PercentEncoded("a b&c=d/e?f#g+h") == "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh");
  CHECK(PercentEncoded("caf\xc3\xa9") == "caf%C3%A9");
  CHECK(PercentEncoded(std::string("\0\n%", 3)) == "%00%0A%25");
}

TEST_CASE("percent encoding: a caller may keep more characters literal", "[percent_encoding]") {
  CHECK(PercentEncoded("a:b@c/d", ":@") == "a:b@c%2Fd");
  CHECK(PercentEncoded("x=1&y", "") == "x%3D1%26y");
}

}  // namespace
}  // namespace evt
