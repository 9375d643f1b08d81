#include <catch2/catch.hpp>

#include "common/json_writer.h"
#include "engine/detect/detector.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

using testing::ParseSpecJson;

TEST_CASE("detector spec: defaults, and a kind's own parameters") {
  Result<DetectorSpec> spec = ParseSpecJson(R"({"kind":"robust_z","window":32,"refresh":4})");
  REQUIRE(spec.ok());
  CHECK(spec->kind == "robust_z");
  CHECK(spec->window == 32);
  CHECK(spec->refresh == 4);
  CHECK(spec->warmup == DetectorSpec{}.warmup);
}

TEST_CASE("detector spec: another kind's parameter is an unknown key") {
  Result<DetectorSpec> spec = ParseSpecJson(R"({"kind":"holt","window":32})");
  REQUIRE_FALSE(spec.ok());
  CHECK(spec.status().code() == ExitCode::kConfig);
  CHECK_THAT(spec.status().message(), Catch::StartsWith("event.json: /detect/models/0/window: unknown key"));
}

TEST_CASE("detector spec: unknown kind and out-of-range values are named") {
  Result<DetectorSpec> kind = ParseSpecJson(R"({"kind":"lstm"})");
  REQUIRE_FALSE(kind.ok());
  CHECK(kind.status().message() ==
        "event.json: /detect/models/0/kind: unknown detector \"lstm\" (known: robust_z, holt, relative_entropy, "
        "contextual, contextual_entropy)");
  Result<DetectorSpec> window = ParseSpecJson(R"({"kind":"robust_z","window":4096})");
  REQUIRE_FALSE(window.ok());
  CHECK(window.status().message() == "event.json: /detect/models/0/window: expected 8..128, got 4096");
  Result<DetectorSpec> alpha = ParseSpecJson(R"({"kind":"holt","alpha":0})");
  REQUIRE_FALSE(alpha.ok());
  CHECK(alpha.status().code() == ExitCode::kConfig);
}

TEST_CASE("detector spec: SpecToValue reads back as the same spec, for every kind") {
  for (std::string_view kind : kDetectorKinds) {
    DetectorSpec spec = testing::SpecOf(std::string(kind));
    spec.warmup = 7;
    Result<std::string> json = ToJson(SpecToValue(spec));
    REQUIRE(json.ok());
    Result<DetectorSpec> back = ParseSpecJson(*json);
    REQUIRE(back.ok());
    CHECK(back->kind == kind);
    CHECK(back->warmup == 7);
    CHECK(ToJson(SpecToValue(*back)).value() == *json);
  }
}

}  // namespace
}  // namespace evt::detect
