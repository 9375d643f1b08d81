#include "gen/evt7_page.h"

#include <catch2/catch.hpp>
#include <string>

using evt::RecordSchemas;
using evt::Result;

namespace {

constexpr std::string_view kZeta = R"json({
  "kind": "zeta", "v": 3,
  "summary": "the last kind",
  "description": "Made by evt-price with --json.\n\n.Second paragraph, with a back\\slash.",
  "fields": {
    "phases": {"type": "object", "required": true, "doc": "the phases", "fields": {
      "connect_ms": {"type": "duration_ms", "required": true, "doc": "connecting"}}},
    "lines": {"type": "array", "doc": "the lines", "items": {"type": "object", "fields": {
      "sku": {"type": "string", "required": true, "doc": "the item"}}}},
    "tags": {"type": "map", "doc": "labels", "items": {"type": "enum", "values": ["red", "blue"]}}
  },
  "example": {"kind": "zeta", "v": 3, "ts": "2026-11-23T08:00:00.000Z", "phases": {"connect_ms": 1}}
})json";

constexpr std::string_view kAlpha = R"json({
  "kind": "alpha", "v": 1, "summary": "the first kind", "description": "Nothing more.",
  "fields": {},
  "example": {"kind": "alpha", "v": 1, "ts": "2026-11-23T08:00:00.000Z"}
})json";

constexpr std::string_view kSource =
    ".SH NAME\nevt \\- records\n.\\\" @GENERATED SECTIONS@\n.SH SEE ALSO\nnothing\n";

const RecordSchemas& Schemas() {
  static const RecordSchemas schemas = [] {
    Result<RecordSchemas> loaded = RecordSchemas::Load({{"zeta.json", kZeta}, {"alpha.json", kAlpha}});
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return schemas;
}

std::string Page() {
  Result<std::string> page = evt::Evt7Page(Schemas(), kSource, "9.8.7");
  REQUIRE(page.ok());
  return *page;
}

// Whether `parts` occur in `text` in this order.
bool InOrder(const std::string& text, std::initializer_list<std::string_view> parts) {
  std::size_t at = 0;
  for (std::string_view part : parts) {
    at = text.find(part, at);
    if (at == std::string::npos) return false;
    at += part.size();
  }
  return true;
}

}  // namespace

TEST_CASE("evt-schema evt7: the page is the source with the sections put in", "[evt7]") {
  std::string page = Page();
  CHECK(page.find(".TH EVT 7 \"\" \"evt 9.8.7\" \"evt manual\"\n") != std::string::npos);
  CHECK(InOrder(page, {".TH EVT 7", ".SH NAME\nevt \\- records\n", ".SH RECORD ENVELOPE\n", ".SH FIELD TYPES\n",
                       ".SH RECORD KINDS\n", ".SS alpha\n", ".SS zeta\n", ".SH EXIT STATUS\n", ".SH SEE ALSO\n"}));
  CHECK(page.find("@GENERATED SECTIONS@") == std::string::npos);
  CHECK(page == Page());  // nothing but the inputs decides the output
}

TEST_CASE("evt-schema evt7: a kind shows its version, fields and example", "[evt7]") {
  std::string page = Page();
  CHECK(InOrder(page, {".SS zeta\nThe last kind.\n", "Version (\\fBv\\fR): 3.\n", ".TP\n\\fBphases\\fR\n\\fIobject\\fR, required.\nThe phases.\n",
                       ".TP\n\\fBphases.connect_ms\\fR\n\\fIduration_ms\\fR, required.\nConnecting.\n",
                       ".TP\n\\fBlines\\fR\n\\fIarray of object\\fR, optional.\n", ".TP\n\\fBlines[].sku\\fR\n",
                       ".TP\n\\fBtags\\fR\n\\fImap of enum\\fR, optional.\nLabels.\nOne of \\fBred\\fR, \\fBblue\\fR.\n",
                       ".EX\n{\"kind\":\"zeta\",\"v\":3,\"ts\":\"2026\\-11\\-23T08:00:00.000Z\",\"phases\":{\"connect_ms\":1}}\n.EE\n"}));
  CHECK(InOrder(page, {".SS alpha\n", "No fields besides the envelope.\n", ".EX\n"}));
  CHECK(InOrder(page, {".SH EXIT STATUS\n", ".TP\n\\fB65\\fR (data_err)\nBad input data.\n"}));
}

TEST_CASE("evt-schema evt7: schema text is escaped for roff", "[evt7]") {
  std::string page = Page();
  CHECK(page.find("Made by evt-price with \\%\\-\\-json.\n.PP\n\\&.Second paragraph, with a back\\eslash.\n") !=
        std::string::npos);
}

TEST_CASE("evt-schema evt7: the source needs exactly one marker line", "[evt7]") {
  Result<std::string> none = evt::Evt7Page(Schemas(), ".SH NAME\nevt\n", "1");
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message() == "expected one line reading .\\\" @GENERATED SECTIONS@, found 0");
  std::string twice = std::string(kSource) + std::string(kSource);
  Result<std::string> two = evt::Evt7Page(Schemas(), twice, "1");
  REQUIRE_FALSE(two.ok());
  CHECK(two.status().message().find("found 2") != std::string::npos);
}
