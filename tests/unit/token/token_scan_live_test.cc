#include "tools/token/scan_live.h"

#include <catch2/catch.hpp>

#include "common/color.h"
#include "common/json_parse.h"
#include "common/text_width.h"

namespace evt::token {
namespace {

Value Scan(std::string_view json) {
  Result<Value> v = ParseJson(json, "test");
  REQUIRE(v.ok());
  return *v;
}

const TimeZone& Berlin() {
  Result<const TimeZone*> zone = CachedTimeZone("Europe/Berlin");
  REQUIRE(zone.ok());
  return **zone;
}

TimePoint At(const char* text) { return *ParseRfc3339(text); }

VerdictLook Look(int width, bool color = false) {
  return VerdictLook{color, width, &Berlin(), At("2026-12-11T17:00:00Z")};
}

TEST_CASE("token scan live: an admitted ticket is one ADMIT line with its jti", "[scan_live]") {
  Value scan = Scan(R"({"kind":"scan","ok":true,"result":"admitted","jti":"t-1","line":1})");
  CHECK(VerdictLines(scan, Look(80)) == "ADMIT    #1  t-1\n");
  CHECK(RefusalReason(scan, Berlin(), At("2026-12-11T17:00:00Z")).empty());
}

TEST_CASE("token scan live: a double admission says where and when, in the site's time", "[scan_live]") {
  Value scan = Scan(R"({"kind":"scan","ok":false,"result":"already_admitted","jti":"t-1","line":2,
                        "first":{"gate":"gate-a","at":"2026-12-11T17:34:05.000Z"}})");
  CHECK(VerdictLines(scan, Look(80)) == "REFUSED  #2  already admitted at gate-a 18:34:05 +01:00\n");
  // On another day the date is there: a ticket used yesterday is no mystery.
  Value yesterday = Scan(R"({"kind":"scan","ok":false,"result":"already_admitted","line":3,
                             "first":{"gate":"gate-a","at":"2026-12-10T09:00:00.000Z"}})");
  CHECK(RefusalReason(yesterday, Berlin(), At("2026-12-11T17:00:00Z")) ==
        "already admitted at gate-a Thu 10 Dec 10:00:00 +01:00");
}

TEST_CASE("token scan live: an invalid ticket gives its reason and detail", "[scan_live]") {
  Value scan = Scan(R"({"kind":"scan","ok":false,"result":"invalid","reason":"bad_signature",
                        "detail":"the signature does not match","line":4})");
  CHECK(RefusalReason(scan, Berlin(), {}) == "bad signature: the signature does not match");
  Value revoked = Scan(R"({"kind":"scan","ok":false,"result":"revoked","line":5,
                           "revoked":{"gate":"box","at":"2026-12-11T16:00:00.000Z","reason":"lost"}})");
  CHECK(RefusalReason(revoked, Berlin(), At("2026-12-11T17:00:00Z")) == "revoked at box 17:00:00 +01:00: lost");
  Value exited = Scan(R"({"kind":"scan","ok":true,"result":"exited","jti":"t-9","line":6})");
  CHECK(VerdictLines(exited, Look(80)) == "EXIT     #6  t-9\n");
}

TEST_CASE("token scan live: at 40 columns the reason goes on its own line, cut to fit", "[scan_live]") {
  Value scan = Scan(R"({"kind":"scan","ok":false,"result":"already_admitted","line":2,
                        "first":{"gate":"gate-with-a-long-name-at-the-north-door","at":"2026-12-11T17:34:05.000Z"}})");
  std::string lines = VerdictLines(scan, Look(40));
  CHECK(lines.starts_with("REFUSED  #2  \n  already admitted at gate-with"));
  std::size_t second = lines.find('\n') + 1;
  CHECK(DisplayWidth(lines.substr(second, lines.size() - second - 1)) == 40);
  CHECK(lines.ends_with("…\n"));
}

TEST_CASE("token scan live: colour makes a full-width bar, green or red", "[scan_live]") {
  Value admit = Scan(R"({"kind":"scan","ok":true,"result":"admitted","jti":"t-1","line":1})");
  std::string bar = VerdictLines(admit, Look(30, true));
  CHECK(bar.starts_with("\x1b[1;97;42m"));
  CHECK(StripStyles(bar) == "ADMIT    #1  t-1" + std::string(14, ' ') + "\n");
  Value refused = Scan(R"({"kind":"scan","ok":false,"result":"not_inside","line":2})");
  CHECK(VerdictLines(refused, Look(30, true)).starts_with("\x1b[1;97;41m"));
}

TEST_CASE("token scan live: control characters in a ticket's fields cannot move the cursor", "[scan_live]") {
  Value scan = Scan(R"({"kind":"scan","ok":true,"result":"admitted","jti":"a\u001b[2Jb","line":1})");
  CHECK(VerdictLines(scan, Look(80)).find('\x1b') == std::string::npos);
}

}  // namespace
}  // namespace evt::token
