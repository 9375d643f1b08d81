#include "engine/probe/cache_status.h"

#include <charconv>
#include <vector>

namespace evt::probe {
namespace {

// One list member of RFC 9211: `cache-name; hit; ttl=-3` or `name; fwd=miss`.
struct CacheHop {
  bool hit = false;
  bool negative_ttl = false;
  std::string fwd;
};

CacheHop ParseHop(std::string_view member) {
  CacheHop hop;
  std::vector<std::string_view> params = SplitOutsideQuotes(member, ';');
  for (std::size_t i = 1; i < params.size(); ++i) {
    std::string_view param = params[i];
    std::size_t eq = param.find('=');
    std::string key = ToLower(TrimSpaces(param.substr(0, eq)));
    std::string_view value = eq == std::string_view::npos ? std::string_view() : TrimSpaces(param.substr(eq + 1));
    if (key == "hit") hop.hit = value.empty() || value == "?1";
    if (key == "fwd") hop.fwd = ToLower(value);
    if (key == "ttl") {
      long ttl = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ttl);
      hop.negative_ttl = error == std::errc() && ttl < 0;
    }
  }
  return hop;
}

CacheStatus FromFwd(std::string_view fwd) {
  if (fwd == "bypass" || fwd == "request" || fwd == "method") return CacheStatus::kBypass;
  if (fwd == "stale") return CacheStatus::kExpired;
  if (fwd == "miss" || fwd == "uri-miss" || fwd == "vary-miss" || fwd == "partial") return CacheStatus::kMiss;
  return CacheStatus::kUnknown;
}

std::string_view FirstWord(std::string_view s) {
  s = TrimSpaces(s);
  std::size_t end = s.find_first_of(" \t");
  return end == std::string_view::npos ? s : s.substr(0, end);
}

bool PositiveAge(std::string_view value) {
  long age = 0;
  value = TrimSpaces(value);
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), age);
  return error == std::errc() && end == value.data() + value.size() && age > 0;
}

}  // namespace

std::string_view CacheStatusName(CacheStatus status) {
  switch (status) {
    case CacheStatus::kHit: return "hit";
    case CacheStatus::kMiss: return "miss";
    case CacheStatus::kStale: return "stale";
    case CacheStatus::kBypass: return "bypass";
    case CacheStatus::kExpired: return "expired";
    case CacheStatus::kUnknown: break;
  }
  return "unknown";
}

CacheStatus CacheStatusFromWord(std::string_view word) {
  std::string w = ToLower(TrimSpaces(word));
  if (w == "hit" || w == "revalidated" || w == "tcp_hit" || w == "tcp_mem_hit") return CacheStatus::kHit;
  if (w == "miss" || w == "tcp_miss") return CacheStatus::kMiss;
  if (w == "expired" || w == "refreshhit" || w == "tcp_refresh_hit") return CacheStatus::kExpired;
  if (w == "stale" || w == "updating") return CacheStatus::kStale;
  if (w == "bypass" || w == "dynamic" || w == "pass") return CacheStatus::kBypass;
  return CacheStatus::kUnknown;
}

CacheStatus CacheStatusFromRfc9211(std::string_view value) {
  std::vector<std::string_view> members = SplitOutsideQuotes(value, ',');
  std::vector<CacheHop> hops;
  for (std::string_view member : members)
    if (!member.empty()) hops.push_back(ParseHop(member));
  if (hops.empty()) return CacheStatus::kUnknown;
  // Members run from the origin to the client: a hit anywhere served the
  // response from a cache; else the hop nearest the client says why not.
  for (auto it = hops.rbegin(); it != hops.rend(); ++it)
    if (it->hit) return it->negative_ttl ? CacheStatus::kStale : CacheStatus::kHit;
  return FromFwd(hops.back().fwd);
}

CacheStatus CacheStatusFromXCache(std::string_view value) {
  std::vector<std::string_view> hops = SplitOutsideQuotes(value, ',');
  for (std::string_view hop : hops)
    if (CacheStatusFromWord(FirstWord(hop)) == CacheStatus::kHit) return CacheStatus::kHit;
  return CacheStatusFromWord(FirstWord(hops.back()));
}

CacheVerdict ClassifyCache(const Headers& headers) {
  if (auto v = JoinedHeader(headers, "cache-status")) {
    CacheStatus s = CacheStatusFromRfc9211(*v);
    if (s != CacheStatus::kUnknown) return {s, "cache-status"};
  }
  for (std::string_view name : {"cf-cache-status", "x-cache-status"}) {
    if (auto v = FindHeader(headers, name)) {
      CacheStatus s = CacheStatusFromWord(*v);
      if (s != CacheStatus::kUnknown) return {s, std::string(name)};
    }
  }
  if (auto v = JoinedHeader(headers, "x-cache")) {
    CacheStatus s = CacheStatusFromXCache(*v);
    if (s != CacheStatus::kUnknown) return {s, "x-cache"};
  }
  if (auto v = FindHeader(headers, "age"); v && PositiveAge(*v)) return {CacheStatus::kHit, "age"};
  return {};
}

}  // namespace evt::probe
