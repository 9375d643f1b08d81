#include "common/ascii_case.h"

#include <catch2/catch.hpp>

namespace evt {
namespace {

TEST_CASE("ascii case: only A-Z fold, other bytes, UTF-8 included, stay as they are") {
  CHECK(AsciiLowercase("Shop.Example.NET") == "shop.example.net");
  CHECK(AsciiLowercase("") == "");
  CHECK(AsciiLowercase("ÄÖÜ-Straße@[::1]") == "ÄÖÜ-straße@[::1]");
  CHECK(AsciiLowercase(std::string("A\0B", 3)) == std::string("a\0b", 3));
}

}  // namespace
}  // namespace evt
