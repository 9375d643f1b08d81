#include <catch2/catch.hpp>

#include "engine/probe/cache_status.h"

namespace evt::probe {
namespace {

std::string Classify(Headers headers) {
  CacheVerdict v = ClassifyCache(headers);
  return std::string(CacheStatusName(v.status)) + (v.header.empty() ? "" : " " + v.header);
}

TEST_CASE("probe cache: RFC 9211 Cache-Status") {
  CHECK(CacheStatusFromRfc9211("ExampleCache; hit") == CacheStatus::kHit);
  CHECK(CacheStatusFromRfc9211("ExampleCache; hit; ttl=-12") == CacheStatus::kStale);
  CHECK(CacheStatusFromRfc9211("ExampleCache; fwd=uri-miss") == CacheStatus::kMiss);
  CHECK(CacheStatusFromRfc9211("ExampleCache; fwd=vary-miss; stored") == CacheStatus::kMiss);
  CHECK(CacheStatusFromRfc9211("ExampleCache; fwd=bypass") == CacheStatus::kBypass);
  CHECK(CacheStatusFromRfc9211("ExampleCache; fwd=request") == CacheStatus::kBypass);
  CHECK(CacheStatusFromRfc9211("ExampleCache; fwd=stale; fwd-status=304") == CacheStatus::kExpired);
  // Origin side first: the shield hit, the edge missed; the client got a cached copy.
  CHECK(CacheStatusFromRfc9211("OriginShield; hit, \"Edge, Berlin\"; fwd=uri-miss") == CacheStatus::kHit);
  // Both missed: the hop nearest the client says why.
  CHECK(CacheStatusFromRfc9211("Shield; fwd=uri-miss, Edge; fwd=bypass") == CacheStatus::kBypass);
  CHECK(CacheStatusFromRfc9211("Edge") == CacheStatus::kUnknown);
  CHECK(CacheStatusFromRfc9211("") == CacheStatus::kUnknown);
}

TEST_CASE("probe cache: X-Cache from Fastly, CloudFront and Squid") {
  CHECK(CacheStatusFromXCache("MISS, HIT") == CacheStatus::kHit);
  CHECK(CacheStatusFromXCache("MISS, MISS") == CacheStatus::kMiss);
  CHECK(CacheStatusFromXCache("Hit from cloudfront") == CacheStatus::kHit);
  CHECK(CacheStatusFromXCache("Miss from cloudfront") == CacheStatus::kMiss);
  CHECK(CacheStatusFromXCache("RefreshHit from cloudfront") == CacheStatus::kExpired);
  CHECK(CacheStatusFromXCache("Error from cloudfront") == CacheStatus::kUnknown);
  CHECK(CacheStatusFromXCache("MISS from squid.local") == CacheStatus::kMiss);
}

TEST_CASE("probe cache: vendor words") {
  CHECK(CacheStatusFromWord("HIT") == CacheStatus::kHit);
  CHECK(CacheStatusFromWord("REVALIDATED") == CacheStatus::kHit);
  CHECK(CacheStatusFromWord("EXPIRED") == CacheStatus::kExpired);
  CHECK(CacheStatusFromWord("UPDATING") == CacheStatus::kStale);
  CHECK(CacheStatusFromWord("STALE") == CacheStatus::kStale);
  CHECK(CacheStatusFromWord("DYNAMIC") == CacheStatus::kBypass);
  CHECK(CacheStatusFromWord("bypass") == CacheStatus::kBypass);
  CHECK(CacheStatusFromWord("NONE") == CacheStatus::kUnknown);
}

TEST_CASE("probe cache: which header decides") {
  CHECK(Classify({{"cf-cache-status", "HIT"}}) == "hit cf-cache-status");
  CHECK(Classify({{"x-cache-status", "MISS"}}) == "miss x-cache-status");
  CHECK(Classify({{"x-cache", "MISS"}, {"cache-status", "edge; hit"}}) == "hit cache-status");
  CHECK(Classify({{"cf-cache-status", "DYNAMIC"}, {"age", "30"}}) == "bypass cf-cache-status");
  CHECK(Classify({{"cf-cache-status", "NONE"}, {"age", "30"}}) == "hit age");
  CHECK(Classify({{"age", "0"}}) == "unknown");
  CHECK(Classify({{"age", "abc"}}) == "unknown");
  CHECK(Classify({}) == "unknown");
  // Two X-Cache headers are one list, as RFC 9110 reads them.
  CHECK(Classify({{"x-cache", "MISS"}, {"x-cache", "HIT"}}) == "hit x-cache");
}

}  // namespace
}  // namespace evt::probe
