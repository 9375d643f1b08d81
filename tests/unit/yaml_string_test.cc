#include <catch2/catch.hpp>

#include "common/yaml_string.h"

namespace evt {
namespace {

TEST_CASE("yaml string: quotes and backslashes are escaped") {
  CHECK(YamlString(R"(x="a\"")") == R"("x=\"a\\\"\"")");
}

TEST_CASE("yaml string: control bytes are hex escapes, so a newline cannot end the scalar") {
  CHECK(YamlString("tab\there") == R"("tab\x09here")");
  CHECK(YamlString("a\nb") == R"("a\x0ab")");
  CHECK(YamlString(std::string("nul\0", 4)) == R"("nul\x00")");
}

TEST_CASE("yaml string: words YAML would read as bools or numbers stay quoted strings") {
  CHECK(YamlString("on") == R"("on")");
  CHECK(YamlString("1e3") == R"("1e3")");
  CHECK(YamlString("") == R"("")");
}

}  // namespace
}  // namespace evt
