// evt-price check: one test per kind of finding, each naming its JSON path,
// and a clean file with none.
#include <catch2/catch.hpp>

#include "price_test_util.h"
#include "tools/price/lint.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","tax":{"mode":"inclusive","rates":{"standard":0.19}},"items":[
  {"sku":"TEE","price":2000,"tags":["apparel"]},
  {"sku":"CAP","price":1500,"tags":["apparel"]},
  {"sku":"MUG","price":1000,"tags":["kitchen"]}]})";

std::vector<Finding> LintOf(const std::string& catalog, const std::string& promotions) {
  Value c = Json(catalog);
  Value p = Json(promotions);
  LintInput input{&c, "catalog.json", &p, "promotions.json", "Europe/Berlin", kNoon};
  Result<std::vector<Finding>> findings = Lint(input);
  INFO(findings.status().ToString());
  REQUIRE(findings.ok());
  return *findings;
}

std::vector<Finding> LintPromotions(const std::string& promotions) { return LintOf(kCatalog, promotions); }

}  // namespace

TEST_CASE("price lint: a clean catalog and promotions have no findings") {
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"tee10","kind":"percent_off","percent":10,"target":{"skus":["TEE"]}},
    {"id":"kitchen","kind":"amount_off","amount":100,"target":{"tags":["kitchen"]},"code":"K1"},
    {"id":"happy","kind":"cart_percent_off","percent":5,"windows":[{"days":["fri"],"from":"18:00","until":"02:00"}]}]})");
  CHECK(findings.empty());
}

TEST_CASE("price lint: unknown skus and tags in targets and bundle components") {
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"a","kind":"percent_off","percent":10,"target":{"skus":["TEE","HOODIE"],"tags":["apparel","toys"]}},
    {"id":"b","kind":"bundle","price":2500,"components":[{"skus":["TEE"]},{"skus":["SOCK"]}]}]})");
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].kind == "unknown_sku");
  CHECK(findings[0].path == "/promotions/0/target/skus/1");
  CHECK(findings[0].promotion == "a");
  CHECK(findings[0].message == "sku \"HOODIE\" is not in the catalog");
  CHECK(findings[1].kind == "unknown_tag");
  CHECK(findings[1].path == "/promotions/0/target/tags/1");
  CHECK(findings[2].kind == "unknown_sku");
  CHECK(findings[2].path == "/promotions/1/components/1/skus/0");
}

TEST_CASE("price lint: a window that never opens, and one already over") {
  // 2026-12-07 is a Monday: a Friday happy hour never comes before Thursday.
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"mon","kind":"percent_off","percent":10,"from":"2026-12-07T00:00:00Z","until":"2026-12-10T00:00:00Z",
     "windows":[{"days":["fri"],"from":"18:00","until":"02:00"}]},
    {"id":"thu","kind":"percent_off","percent":10,"from":"2026-12-07T00:00:00Z","until":"2026-12-11T00:00:00Z",
     "windows":[{"days":["thu"],"from":"23:30","until":"00:30"}]},
    {"id":"gone","kind":"percent_off","percent":10,"until":"2026-12-01T00:00:00Z"}]})");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == "never_active");
  CHECK(findings[0].path == "/promotions/0/windows");
  CHECK(findings[1].kind == "expired");
  CHECK(findings[1].path == "/promotions/2/until");
}

TEST_CASE("price lint: a code used by two promotions") {
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"a","kind":"percent_off","percent":10,"code":"SAVE"},
    {"id":"b","kind":"amount_off","amount":100,"code":"OTHER"},
    {"id":"c","kind":"amount_off","amount":100,"code":"SAVE"}]})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "duplicate_code");
  CHECK(findings[0].path == "/promotions/2/code");
  CHECK(findings[0].message == "code \"SAVE\" is also the code of \"a\" (/promotions/0)");
}

TEST_CASE("price lint: an exclusive of higher priority that always covers a promotion shadows it") {
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"tee5","kind":"percent_off","percent":5,"target":{"skus":["TEE"]}},
    {"id":"apparel","kind":"percent_off","percent":20,"target":{"tags":["apparel"]},"exclusive":true,"priority":9},
    {"id":"mug","kind":"percent_off","percent":5,"target":{"skus":["MUG"]}},
    {"id":"late","kind":"percent_off","percent":5,"target":{"skus":["CAP"]},"priority":10}]})");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "shadowed");
  CHECK(findings[0].path == "/promotions/0");
  CHECK(findings[0].promotion == "tee5");
}

TEST_CASE("price lint: an exclusive that may not apply shadows nothing") {
  for (const char* condition : {R"("code":"VIP")", R"("min_qty":2)", R"("segments":["staff"])", R"("group":"g")",
                                R"("from":"2026-12-06T00:00:00Z")"}) {
    INFO(condition);
    auto findings = LintPromotions(std::string(R"({"promotions":[
      {"id":"tee5","kind":"percent_off","percent":5,"target":{"skus":["TEE"]}},
      {"id":"all","kind":"cart_percent_off","percent":20,"exclusive":true,"priority":9,)") +
                                   condition + "}]}");
    CHECK(findings.empty());
  }
  // The same code on both: every cart that carries it for one carries it for the other.
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"tee5","kind":"percent_off","percent":5,"target":{"skus":["TEE"]},"code":"VIP"},
    {"id":"all","kind":"cart_percent_off","percent":20,"exclusive":true,"priority":9,"code":"VIP"}]})");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == "duplicate_code");
  CHECK(findings[1].kind == "shadowed");
}

TEST_CASE("price lint: catalog prices and rates that are not valid") {
  auto findings = LintOf(R"({"currency":"EUR","tax":{"mode":"inclusive","rates":{"standard":19,"reduced":0.07}},
    "items":[{"sku":"TEE","price":19.99},{"sku":"CAP","price":1500},{"sku":"MUG","price":-1},{"sku":"PIN"}]})",
                         R"({"promotions":[]})");
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].kind == "bad_rate");
  CHECK(findings[0].path == "/tax/rates/standard");
  CHECK(findings[1].kind == "bad_price");
  CHECK(findings[1].file == "catalog.json");
  CHECK(findings[1].path == "/items/0/price");
  CHECK(findings[1].message == "expected an integer amount in minor units >= 0, got 19.99");
  CHECK(findings[2].path == "/items/2/price");
  CHECK(findings[3].path == "/items/3/price");
}

TEST_CASE("price lint: a promotion the engine would refuse is a finding, and the others are still checked") {
  auto findings = LintPromotions(R"({"promotions":[
    {"id":"typo","kind":"percent_off","percent":10,"min_subtotl":100},
    {"id":"a","kind":"percent_off","percent":10,"target":{"skus":["NOPE"]}}]})");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == "invalid_promotion");
  CHECK(findings[0].path == "/promotions/0");
  CHECK(findings[0].promotion == "typo");
  CHECK(findings[0].message.find("min_subtotl") != std::string::npos);
  CHECK(findings[1].kind == "unknown_sku");
}

TEST_CASE("price lint: a file of the wrong shape is an error, not a finding") {
  Value c = Json(kCatalog);
  Value p = Json(R"({"promos":[]})");
  LintInput input{&c, "catalog.json", &p, "promotions.json", "UTC", kNoon};
  Result<std::vector<Finding>> findings = Lint(input);
  REQUIRE(!findings.ok());
  CHECK(findings.status().code() == ExitCode::kDataErr);
  CHECK(findings.status().message() == "promotions.json: /promotions: expected an array of promotions");
}
