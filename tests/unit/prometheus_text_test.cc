#include "common/prometheus_text.h"

#include <catch2/catch.hpp>

namespace evt {
namespace {

TEST_CASE("prometheus text: a label value escapes backslash, quote and newline only", "[prometheus]") {
  CHECK(EscapeLabelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(EscapeLabelValue("tab\there\r") == "tab\there\r");
  CHECK(EscapeLabelValue("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(EscapeLabelValue("") == "");
}

TEST_CASE("prometheus text: HELP keeps quotes unless OpenMetrics asks for them escaped", "[prometheus]") {
  CHECK(EscapeHelpText("say \"hi\"\\\n", false) == "say \"hi\"\\\\\\n");
  CHECK(EscapeHelpText("say \"hi\"\\\n", true) == "say \\\"hi\\\"\\\\\\n");
}

}  // namespace
}  // namespace evt
