// Helpers the detector tests share: a spec by kind, a config object from
// JSON text, and a seeded generator that prints its seed and replays it
// from EVT_TEST_SEED.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "common/config_object.h"
#include "common/json_parse.h"
#include "engine/detect/detector.h"

namespace evt::detect::testing {

inline DetectorSpec SpecOf(std::string kind) {
  DetectorSpec spec;
  spec.kind = std::move(kind);
  return spec;
}

inline Result<DetectorSpec> ParseSpecJson(std::string_view json) {
  Result<Value> value = ParseJson(json, "spec");
  REQUIRE(value.ok());
  ConfigOrigin origin;
  origin.file = "event.json";
  EVT_ASSIGN_OR_RETURN(ConfigObject object,
                       ConfigObject::FromValue(std::move(value).value(), "/detect/models/0", origin));
  EVT_ASSIGN_OR_RETURN(DetectorSpec spec, ParseDetectorSpec(object));
  EVT_RETURN_IF_ERROR(object.Finish());
  return spec;
}

// EVT_TEST_SEED, else `fixed` when given, else a random seed.
inline std::uint64_t TestSeed(std::uint64_t fixed = 0) {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : fixed != 0 ? fixed : std::random_device{}();
  std::fprintf(stderr, "seed %llu (replay with EVT_TEST_SEED=%llu)\n", static_cast<unsigned long long>(seed),
               static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace evt::detect::testing
