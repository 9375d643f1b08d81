// Whether a response came from a cache, read from the headers CDNs and
// caching proxies add. One word per probe, so a hit ratio can be counted
// across vendors.
#pragma once

#include <string>
#include <string_view>

#include "engine/probe/headers.h"

namespace evt::probe {

enum class CacheStatus { kHit, kMiss, kStale, kBypass, kExpired, kUnknown };

// "hit", "miss", "stale", "bypass", "expired", "unknown".
std::string_view CacheStatusName(CacheStatus status);

struct CacheVerdict {
  CacheStatus status = CacheStatus::kUnknown;
  std::string header;  // the header the verdict was read from ("cf-cache-status"); empty when unknown
};

// The first of these headers that says something decides:
// 1. Cache-Status (RFC 9211): a hit in any cache is a hit (a stale one when
//    its ttl is negative); otherwise the cache nearest the client (the last
//    member) decides by its fwd reason: bypass/request/method -> bypass,
//    stale -> expired, the misses -> miss.
// 2. CF-Cache-Status (Cloudflare): HIT/REVALIDATED -> hit, MISS, EXPIRED,
//    STALE/UPDATING -> stale, BYPASS/DYNAMIC -> bypass.
// 3. X-Cache-Status (nginx's $upstream_cache_status): the same words.
// 4. X-Cache (Fastly lists one word per hop, CloudFront writes "Hit from
//    cloudfront", Squid "MISS from host"): any HIT is a hit; RefreshHit is
//    expired; else the first word of the last hop.
// 5. Age (RFC 9111) above 0: a hit.
// Anything else, or words none of these know, is unknown.
CacheVerdict ClassifyCache(const Headers& headers);

// One vendor word ("HIT", "Miss", "REVALIDATED") as above; kUnknown for
// words it does not know.
CacheStatus CacheStatusFromWord(std::string_view word);

// RFC 9211 Cache-Status, alone. kUnknown when it says nothing usable.
CacheStatus CacheStatusFromRfc9211(std::string_view value);

// X-Cache, alone.
CacheStatus CacheStatusFromXCache(std::string_view value);

}  // namespace evt::probe
